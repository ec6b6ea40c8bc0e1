#!/usr/bin/env bash
# `npm run import`: regenerates the schema store (schemas/) from the upstream CRD files in CRDS_DIR (default
# ../shared/crds) when that folder exists, then imports/ from the store. cdk8s.yaml lists the same imports,
# under the same aliases, by their upstream release URLs, so `npx cdk8s import` with internet access yields
# the same files. Usage: import-crds.sh [imports folder] [schemas folder]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-imports}"
store="${2:-schemas}"
crds="${CRDS_DIR:-../shared/crds}"
if [ -d "$crds" ]; then
  node scripts/crd-schemas.js store "$crds" "$store"
elif [ ! -d "$store" ]; then
  echo "import-crds: neither the CRD directory '$crds' (set CRDS_DIR) nor the schema store '$store' exists." >&2
  exit 1
fi
# alias  path under the store  (kpack, Tekton and Triggers CRDs carry no schema: their types are hand-written in lib/)
imports=(
  "argocd-application argocd/applications.argoproj.io.json"
  "argocd-appproject argocd/appprojects.argoproj.io.json"
  "flux-gitrepository flux/gitrepositories.source.toolkit.fluxcd.io.json"
  "flux-imagerepository flux/imagerepositories.image.toolkit.fluxcd.io.json"
  "flux-imagepolicy flux/imagepolicies.image.toolkit.fluxcd.io.json"
  "pipelinetrigger pipeline-trigger-operator/main-4f0f57d/pipelinetriggers.pipeline.jquad.rocks.json"
  "kpush-imagedeploy kpush/imagedeploys.crd.whizzosoftware.com.json"
)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node scripts/crd-schemas.js crds "$store" "$tmp/crds"
mkdir "$tmp/imports"
for entry in "${imports[@]}"; do
  read -r alias path <<<"$entry"
  npx --no-install cdk8s import --no-check-upgrade --no-save --language typescript --output "$tmp/imports" "$alias:=$tmp/crds/${path%.json}.yaml" >/dev/null
done
rm -rf "$out"
mv "$tmp/imports" "$out"
ls "$out"
