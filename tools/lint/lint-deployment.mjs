// Lints Dockerfile.native with dockerfile-utils (syntax and instruction checks of the Docker language
// service) and validates every Kubernetes object under k3s/ against the API schemas of kubernetes-models.
// Kustomizations are checked for files they name that do not exist. Exit code 1 on any problem.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { validate as lintDockerfile } from "dockerfile-utils";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const problems = [];

// ---- Dockerfile.native -------------------------------------------------------------------------------
const dockerfile = readFileSync(join(root, "Dockerfile.native"), "utf8");
for (const d of lintDockerfile(dockerfile, {})) {
  // severity 1 = error, 2 = warning (the language service's DiagnosticSeverity)
  problems.push(`Dockerfile.native:${d.range.start.line + 1}: ${d.severity === 1 ? "error" : "warning"}: ${d.message}`);
}

// ---- k3s/ --------------------------------------------------------------------------------------------
const models = {
  "v1/Namespace": ["kubernetes-models/v1", "Namespace"],
  "v1/ConfigMap": ["kubernetes-models/v1", "ConfigMap"],
  "v1/Secret": ["kubernetes-models/v1", "Secret"],
  "v1/Service": ["kubernetes-models/v1", "Service"],
  "apps/v1/StatefulSet": ["kubernetes-models/apps/v1", "StatefulSet"],
  "networking.k8s.io/v1/NetworkPolicy": ["kubernetes-models/networking.k8s.io/v1", "NetworkPolicy"],
};

function yamlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? yamlFiles(p) : name.endsWith(".yaml") ? [p] : [];
  });
}

let objects = 0;
for (const file of yamlFiles(join(root, "k3s"))) {
  const label = relative(root, file);
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length) {
      doc.errors.forEach((e) => problems.push(`${label}: ${e.message}`));
      continue;
    }
    const obj = doc.toJS();
    if (!obj) continue;
    if (obj.kind === "Kustomization") {
      for (const ref of [...(obj.resources ?? []), ...(obj.patches ?? []).map((p) => p.path).filter(Boolean)]) {
        if (!existsSync(join(dirname(file), ref))) problems.push(`${label}: names ${ref}, which does not exist`);
      }
      continue;
    }
    const key = `${obj.apiVersion}/${obj.kind}`;
    const model = models[key];
    if (!model) {
      problems.push(`${label}: no schema known for ${key}`);
      continue;
    }
    // a kustomize patch is a partial object: it is checked by the base it patches
    if (file.includes(`${join("k3s", "overlays")}`)) continue;
    const mod = await import(model[0]);
    try {
      new mod[model[1]](obj).validate();
      objects++;
    } catch (e) {
      problems.push(`${label}: ${key} ${obj.metadata?.name}: ${e.message}`);
    }
  }
}

problems.forEach((p) => console.error(p));
console.log(`Dockerfile.native linted; ${objects} Kubernetes object(s) validated; ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
