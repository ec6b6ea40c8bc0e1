import { spawn } from 'child_process';
import { randomBytes, timingSafeEqual } from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';

/** Options of {@link startGitServer}. */
export interface GitServerOptions {
  /** The directory holding the bare repositories (`GIT_PROJECT_ROOT`). */
  readonly projectRoot: string;
  /** The user name clients must send. @default 'pin-bot' */
  readonly username?: string;
  /** The password (token) clients must send. @default - 32 random hex characters */
  readonly token?: string;
  /** A CGI request running longer than this is killed. @default 20000 */
  readonly requestTimeoutMs?: number;
}

/** One request the server answered, without credentials. */
export interface GitServerRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The authenticated user, when the credentials were right. */
  readonly user?: string;
}

/** A running git smart-HTTP server on 127.0.0.1. */
export interface GitServer {
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  readonly username: string;
  readonly token: string;
  /** Every request answered so far, in order. */
  readonly requests: GitServerRequest[];
  /** The clone URL of `<projectRoot>/<repo>`, e.g. `url('go-sample-app.git')`. No credentials in it. */
  url(repo: string): string;
  /** Closes the listener and every open connection, and kills running CGI processes. */
  stop(): Promise<void>;
}

/**
 * Serves the bare repositories under `projectRoot` over HTTP with the real `git http-backend` (CGI), on a random
 * loopback port, behind HTTP basic auth: every request without the right user and token gets
 * `401` + `WWW-Authenticate`, so a client that does not really send its credentials cannot clone or push.
 * Pushing is enabled (`http.receivepack`).
 */
export async function startGitServer(options: GitServerOptions): Promise<GitServer> {
  const username = options.username ?? 'pin-bot';
  const token = options.token ?? randomBytes(16).toString('hex');
  const timeout = options.requestTimeoutMs ?? 20_000;
  const expected = Buffer.from(`Basic ${Buffer.from(`${username}:${token}`).toString('base64')}`);
  const requests: GitServerRequest[] = [];
  const children = new Set<ReturnType<typeof spawn>>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      requests.push({ method: req.method ?? '', path: url.pathname, status: 401 });
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"', 'Content-Type': 'text/plain' });
      res.end('authentication required\n');
      return;
    }
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: options.projectRoot,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_PROJECT_ROOT: options.projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'http.receivepack',
        GIT_CONFIG_VALUE_0: 'true',
        REMOTE_USER: username,
        REMOTE_ADDR: '127.0.0.1',
        GATEWAY_INTERFACE: 'CGI/1.1',
        SERVER_PROTOCOL: 'HTTP/1.1',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.replace(/^\?/, ''),
        ...(req.headers['content-type'] ? { CONTENT_TYPE: req.headers['content-type'] } : {}),
        ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
        ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) } : {}),
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.add(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    req.pipe(child.stdin!);
    child.stdin!.on('error', () => undefined);
    const stderr: Buffer[] = [];
    child.stderr!.on('data', (d: Buffer) => stderr.push(d));

    // CGI output: header lines, a blank line, then the body, which is streamed as it comes.
    let head = Buffer.alloc(0);
    let headersSent = false;
    let status = 200;
    child.stdout!.on('data', (chunk: Buffer) => {
      if (headersSent) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const text = head.toString('latin1');
      const crlf = text.indexOf('\r\n\r\n');
      const lf = text.indexOf('\n\n');
      const end = crlf >= 0 && (lf < 0 || crlf < lf) ? { at: crlf, len: 4 } : lf >= 0 ? { at: lf, len: 2 } : undefined;
      if (!end) return;
      const headers: { [name: string]: string } = {};
      for (const line of text.slice(0, end.at).split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = parseInt(value, 10);
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      headersSent = true;
      res.write(head.subarray(end.at + end.len));
    });
    child.on('close', code => {
      clearTimeout(timer);
      children.delete(child);
      if (!headersSent) {
        status = 500;
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.write(`git http-backend exited ${code}: ${Buffer.concat(stderr).toString()}`);
      }
      requests.push({ method: req.method ?? '', path: url.pathname, status, user: username });
      res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    username,
    token,
    requests,
    url: (repo: string) => `${baseUrl}/${repo}`,
    stop: () => new Promise<void>(resolve => {
      for (const child of children) child.kill('SIGKILL');
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A server that answers every request with a redirect to the same path on another base URL. */
export interface RedirectServer {
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  /** How many requests it redirected. */
  readonly redirected: () => number;
  stop(): Promise<void>;
}

/**
 * Starts a server on a random loopback port that redirects (302) every request to `target` + its path and
 * query, as a moved or hostile git host would. Git follows the redirect of its first request
 * (`http.followRedirects` defaults to `initial`), so the host that then asks for credentials is another one.
 */
export async function startRedirectServer(target: string): Promise<RedirectServer> {
  let count = 0;
  const server = http.createServer((req, res) => {
    count++;
    req.resume();
    res.writeHead(302, { Location: `${target}${req.url ?? '/'}` });
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    redirected: () => count,
    stop: () => new Promise<void>(resolve => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
