#!/usr/bin/env bash
# Regenerates imports/ from the local copies of the upstream CRDs (CRDS_DIR, default ../shared/crds).
# cdk8s.yaml lists the same imports, under the same aliases, by their upstream release URLs, so
# `npx cdk8s import` with internet access yields the same files. Usage: import-crds.sh [output folder]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-imports}"
crds="${CRDS_DIR:-../shared/crds}"
if [ ! -d "$crds" ]; then
  echo "import-crds: CRD directory '$crds' not found; set CRDS_DIR to the folder holding the upstream CRDs." >&2
  exit 1
fi
# alias  path under CRDS_DIR  (kpack, Tekton and Triggers CRDs carry no schema: their types are hand-written in lib/)
imports=(
  "argocd-application argocd/applications.argoproj.io.yaml"
  "argocd-appproject argocd/appprojects.argoproj.io.yaml"
  "flux-gitrepository flux/gitrepositories.source.toolkit.fluxcd.io.yaml"
  "flux-imagerepository flux/imagerepositories.image.toolkit.fluxcd.io.yaml"
  "flux-imagepolicy flux/imagepolicies.image.toolkit.fluxcd.io.yaml"
  "pipelinetrigger pipeline-trigger-operator/main-4f0f57d/pipelinetriggers.pipeline.jquad.rocks.yaml"
  "kpush-imagedeploy kpush/imagedeploys.crd.whizzosoftware.com.yaml"
)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for entry in "${imports[@]}"; do
  read -r alias path <<<"$entry"
  npx --no-install cdk8s import --no-check-upgrade --no-save --language typescript --output "$tmp" "$alias:=$crds/$path" >/dev/null
done
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
ls "$out"
