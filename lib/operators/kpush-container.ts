import { Protocol } from 'cdk8s-plus-27';
import { problem } from '../core/errors';
import { NameFormat, checkName } from '../core/names';
import { Image } from '../kpack/image';
import { checkImageReference } from '../core/image-reference';
import { ImageDeployEnv } from './kpush-env';

/** A port of an {@link ImageDeploy} container. */
export interface ImageDeployPort {
  /** The port the container listens on, 1 to 65535. */
  readonly containerPort: number;
  /** A name for the port (IANA service name: at most 15 lower-case letters, digits and '-'). @default - unnamed */
  readonly name?: string;
  /** The protocol. @default Protocol.TCP */
  readonly protocol?: Protocol;
  /** A port on the node to expose it on. @default - none */
  readonly hostPort?: number;
  /** The node IP to bind `hostPort` to. @default - all */
  readonly hostIp?: string;
}

/**
 * A container of an {@link ImageDeploy}'s Deployment: only the fields the ImageDeploy CRD keeps. The API
 * server prunes everything else (resources, command, args, probes, volume mounts), so they cannot be
 * given here; set them on a Deployment of your own if you need them.
 */
export interface ImageDeployContainer {
  /** The container name, a DNS-1123 label, unique in the pod. */
  readonly name: string;
  /**
   * The image: a kpack {@link Image} of this app, rendered `REF=<name>` so kpush puts in the Image's latest
   * build, or a fixed reference (pinned by tag or digest) that kpush leaves alone.
   */
  readonly image: Image | string;
  /** Environment variables, in the order given. @default - none */
  readonly env?: { [name: string]: ImageDeployEnv };
  /** Ports. @default - none */
  readonly ports?: ImageDeployPort[];
}

const KNOWN = new Set(['name', 'image', 'env', 'ports']);
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const PROTOCOLS: string[] = Object.values(Protocol);

/** Local problems of one container; `at` is its field path. */
export function checkContainer(c: ImageDeployContainer, at: string): string[] {
  const out: string[] = [];
  for (const key of Object.keys(c).filter(k => !KNOWN.has(k))) {
    out.push(problem(`${at}.${key}`, (c as any)[key], 'is not kept by the ImageDeploy CRD: the API server would prune it and kpush create the Deployment without it',
      `Give only ${[...KNOWN].join(', ')}; for more, deploy a Deployment of your own`));
  }
  const badName = checkName(c.name, { format: NameFormat.LABEL });
  if (badName) out.push(problem(`${at}.name`, c.name, badName, 'Name the container with lower-case letters, digits and \'-\''));
  if (typeof c.image === 'string') {
    if (c.image.startsWith('REF=')) {
      out.push(problem(`${at}.image`, c.image, 'is a hand-written kpush reference', 'Pass the kpack Image construct instead; it renders REF=<name> and is checked'));
    } else {
      const wrong = checkImageReference(c.image);
      if (wrong) out.push(problem(`${at}.image`, c.image, wrong, 'Give an image such as docker.io/library/redis:7.2, or a kpack Image construct'));
    }
  }
  for (const [name, value] of Object.entries(c.env ?? {})) {
    if (!ENV_NAME.test(name)) {
      out.push(problem(`${at}.env`, name, 'is not a valid environment variable name', 'Use letters, digits, \'_\', \'-\' and \'.\', not starting with a digit'));
    }
    out.push(...value.check(`${at}.env[${name}]`));
  }
  const seen = new Set<string>();
  (c.ports ?? []).forEach((p, i) => {
    const pat = `${at}.ports[${i}]`;
    for (const [field, port] of [['containerPort', p.containerPort], ['hostPort', p.hostPort]] as const) {
      if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
        out.push(problem(`${pat}.${field}`, port, 'is not a port number from 1 to 65535', 'Give the port the container listens on'));
      }
    }
    if (p.name !== undefined && (p.name.length > 15 || !PORT_NAME.test(p.name) || !/[a-z]/.test(p.name) || p.name.includes('--'))) {
      out.push(problem(`${pat}.name`, p.name, 'is not an IANA service name (at most 15 lower-case letters, digits and single \'-\', with at least one letter)', 'Use a name such as \'http\''));
    }
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) {
      out.push(problem(`${pat}.protocol`, p.protocol, 'is not a protocol', `Use one of ${PROTOCOLS.join(', ')}`));
    }
    const key = `${p.containerPort}/${p.protocol ?? Protocol.TCP}`;
    if (seen.has(key)) out.push(problem(`${pat}.containerPort`, key, 'is listed twice in this container', 'Give each port and protocol once'));
    seen.add(key);
  });
  return out;
}

/** The container as the ImageDeploy CRD has it. */
export function renderContainer(c: ImageDeployContainer): { [key: string]: unknown } {
  const env = Object.entries(c.env ?? {}).map(([name, value]) => value.render(name));
  const ports = (c.ports ?? []).map(p => Object.fromEntries(Object.entries({
    containerPort: p.containerPort, name: p.name, protocol: p.protocol, hostPort: p.hostPort, hostIp: p.hostIp,
  }).filter(([, v]) => v !== undefined)));
  return {
    name: c.name,
    image: typeof c.image === 'string' ? c.image : `REF=${c.image.name}`,
    ...(env.length ? { env } : {}),
    ...(ports.length ? { ports } : {}),
  };
}
