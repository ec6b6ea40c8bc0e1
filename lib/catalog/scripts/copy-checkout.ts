import { logFunctions } from './git-setup';
import { GIT_STEP_IMAGE, inputEnv, renderInputs, ScriptInput, StepScript } from './step-script';

/**
 * The step script that gives every check of a delivery Pipeline a copy of its own of the checkout: the tree in
 * the workspace `checkout` is copied to `<copies>/<name>` for each name in the param `names`.
 *
 * Checks run in parallel; `npm ci` rewrites `node_modules`, Maven and Gradle write `target`/`build`, a linter
 * writes its cache. Two of them in one tree race, so each gets its own, and the checkout the pin step reads
 * stays as it was cloned.
 *
 * - `names` is split at whitespace; each name must be a DNS label (a check's name in the Pipeline), so no name
 *   reaches outside the workspace `copies`.
 * - A copy that is already there (a retried run) is removed first, so each run starts from the commit.
 * - Modes, timestamps and symbolic links are kept; ownership is not (the step runs as any user id).
 *
 * @example
 * const copy = copyCheckoutScript();
 * copy.workspaces.map(w => w.name); // ['checkout', 'copies']
 */
export function copyCheckoutScript(): StepScript {
  return {
    image: GIT_STEP_IMAGE,
    script: SCRIPT,
    env: inputEnv(INPUTS),
    params: [
      { name: 'names', description: 'The names of the copies, separated by spaces: one per check, each a DNS label.' },
    ],
    workspaces: [
      { name: 'checkout', description: 'The checkout to copy: the git-clone task\'s output.', readOnly: true },
      { name: 'copies', description: 'Receives one directory per name, each a copy of the checkout.' },
    ],
    results: [],
  };
}

const INPUTS: ScriptInput[] = [
  { variable: 'NAMES', reference: 'params.names' },
  { variable: 'CHECKOUT_DIR', reference: 'workspaces.checkout.path' },
  { variable: 'COPIES_DIR', reference: 'workspaces.copies.path' },
];

const SCRIPT = `#!/usr/bin/env bash
# Copies the checkout once per check, so no two checks write to one tree.
set -euo pipefail

${renderInputs(INPUTS)}

${logFunctions('copy-checkout')}

read -r -d '' -a COPY_NAMES <<< "$NAMES" || true
(( \${#COPY_NAMES[@]} > 0 )) || die "param names '$NAMES' names no copy. Pass the checks' names separated by spaces"
for name in "\${COPY_NAMES[@]}"; do
  [[ "$name" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] \\
    || die "param names: '$name' is not a DNS label. Name each copy after its check, e.g. lint"
done
CHECKOUT_DIR="\${CHECKOUT_DIR%/}"
COPIES_DIR="\${COPIES_DIR%/}"
[[ -d "$CHECKOUT_DIR" ]] || die "workspace checkout '$CHECKOUT_DIR' is not a directory. Bind the workspace the app was cloned into"
for name in "\${COPY_NAMES[@]}"; do
  dest="$COPIES_DIR/$name"
  rm -rf -- "$dest"
  mkdir -p -- "$dest"
  cp -R --preserve=mode,timestamps,links -- "$CHECKOUT_DIR/." "$dest/"
  log "Copied the checkout to $dest"
done
`;
