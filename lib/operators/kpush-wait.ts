/**
 * kpush opens each of its two watches once and never again after an error. `ImageWatcher.startWatch` and
 * `ImageDeployWatcher.startWatch` run once (`@Scheduled(fixedDelay=Long.MAX_VALUE)`); `Watch.createWatch`
 * throws a checked `ApiException` when the list call answers 404 (the CRD is not served yet), which falls
 * outside the loop's `catch (RuntimeException)` to the outer `catch (Exception)`, which logs "Error setting up
 * image watch" and returns: the pod stays Running and never deploys (pvtl-dnoguerol/kpush
 * `src/main/java/com/whizzosoftware/kpush/watch/ImageWatcher.java` and `ImageDeployWatcher.java` @66d7e8e).
 * kpush has no HTTP endpoint a probe could ask (its `pom.xml` has no actuator, its properties no port).
 *
 * So the controller's pod starts kpush only when both lists it watches answer: an init container sends the
 * very list requests of the two watches (`GET /apis/<group>/<version>/<plural>`, what `listClusterCustomObject`
 * sends) until the API server answers 200 for each. It needs no permission beyond kpush's own `list` on those
 * two resources, and it checks exactly what kpush needs: the group, version and plural it will watch are served.
 */

/**
 * The image of the wait: the Docker Library's `buildpack-deps`, variant `bookworm-curl` (Debian 12 with bash,
 * curl and CA certificates). The tag is published: docker-library/buildpack-deps `versions.json` lists the
 * variants `curl`, `scm` and the plain one for `debian/bookworm`, and `generate-stackbrew-library.sh` tags each
 * `<codename>-<variant>`; `debian/bookworm/curl/Dockerfile` installs curl and ca-certificates on `debian:bookworm`.
 */
export const KPUSH_WAIT_IMAGE = 'docker.io/library/buildpack-deps:bookworm-curl';

/** Seconds between two rounds of requests while a list is not served. */
export const KPUSH_WAIT_INTERVAL_SECONDS = 5;

/**
 * The init container's script. Reads the API paths from `API_PATHS` (space-separated), the API server from the
 * variables Kubernetes sets in every container (`KUBERNETES_SERVICE_HOST`, `KUBERNETES_SERVICE_PORT`), the
 * service account's token and CA from `SERVICE_ACCOUNT_DIR` (default: where Kubernetes mounts them). The token
 * reaches curl on its standard input (`--config -`), never in its arguments, and is read again on each round,
 * as a projected token rotates.
 */
export const KPUSH_WAIT_SCRIPT = `set -euo pipefail
sa="\${SERVICE_ACCOUNT_DIR:-/var/run/secrets/kubernetes.io/serviceaccount}"
host="\${KUBERNETES_SERVICE_HOST:?is not set: run this in a pod}"
[[ "$host" == *:* ]] && host="[$host]"
api="https://$host:\${KUBERNETES_SERVICE_PORT:?is not set: run this in a pod}"
interval="\${WAIT_INTERVAL_SECONDS:-${KPUSH_WAIT_INTERVAL_SECONDS}}"
for path in $API_PATHS; do
  while true; do
    status="$(printf 'header = "Authorization: Bearer %s"\\n' "$(<"$sa/token")" \\
      | curl -q -sS -o /dev/null -w '%{http_code}' --max-time 10 --cacert "$sa/ca.crt" --config - -- "$api$path?limit=1")" || true
    [[ "$status" == 200 ]] && break
    echo "kpush waits: GET $path answered HTTP \${status:-000} (404 until the CRD is served); asking again in \${interval}s"
    sleep "$interval"
  done
  echo "kpush may watch: GET $path answered HTTP 200"
done
`;
