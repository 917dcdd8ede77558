package dev.fieldgate;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the container and the k3s manifests must say, beyond being valid (the schemas are checked by
 * tools/lint in .ci/run): a non-root, read-only, probed, bounded gateway with its data on a volume.
 */
class DeploymentFilesTest {

    @Test
    void should_build_with_mandrel_and_run_non_root_on_ubi_minimal_with_a_health_check_and_a_data_volume()
            throws IOException {
        final List<String> lines = Files.readAllLines(Path.of("Dockerfile.native")).stream()
                .map(String::strip).filter(l -> !l.startsWith("#") && !l.isEmpty()).toList();
        final List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(2);
        assertThat(froms.get(0)).contains("ubi9-quarkus-mandrel-builder-image:jdk-").endsWith("AS build");
        assertThat(froms.get(1)).contains("ubi9/ubi-minimal:");
        final List<String> runtime = lines.subList(lines.indexOf(froms.get(1)), lines.size());
        assertThat(runtime).anyMatch(l -> l.matches("USER [1-9][0-9]*(:[0-9]+)?"));
        assertThat(runtime).anyMatch(l -> l.startsWith("HEALTHCHECK ")).anyMatch(l -> l.contains("/q/health/live"));
        assertThat(runtime).anyMatch(l -> l.startsWith("VOLUME ") && l.contains("/var/lib/fieldgate"));
        assertThat(runtime).anyMatch(l -> l.startsWith("ENTRYPOINT "));
        assertThat(lines).noneMatch(l -> l.startsWith("ADD "));
        assertThat(String.join("\n", lines)).contains("-Dnative").doesNotContain("PRIVATE KEY");
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_run_one_probed_bounded_read_only_non_root_replica_with_its_buffer_on_a_claim() throws IOException {
        final Map<String, Object> sts = only("k3s/base/statefulset.yaml");
        final Map<String, Object> spec = map(sts, "spec");
        assertThat(spec.get("replicas")).isEqualTo(1);
        assertThat((List<Map<String, Object>>) spec.get("volumeClaimTemplates")).singleElement()
                .satisfies(c -> assertThat(map(c, "metadata").get("name")).isEqualTo("data"));
        final Map<String, Object> pod = map(map(spec, "template"), "spec");
        assertThat(map(pod, "securityContext")).containsEntry("runAsNonRoot", true);
        assertThat(pod.get("automountServiceAccountToken")).isEqualTo(false);
        final Map<String, Object> c = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        for (final String probe : new String[] {"startupProbe", "livenessProbe", "readinessProbe"}) {
            assertThat(map(map(c, probe), "httpGet").get("path").toString()).as(probe).startsWith("/q/health/");
        }
        assertThat(map(c, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false).doesNotContainKey("privileged");
        assertThat(map(map(c, "resources"), "requests")).containsKeys("cpu", "memory");
        assertThat(map(map(c, "resources"), "limits")).containsKeys("cpu", "memory");
        final List<Object> mounts = (List<Object>) c.get("volumeMounts");
        assertThat(mounts.toString()).contains("/var/lib/fieldgate", "/etc/fieldgate/adapters", "/etc/fieldgate/tls", "/tmp");
        assertThat(pod.get("volumes").toString()).contains("secretName=fieldgate-tls", "name=fieldgate-adapters")
                .doesNotContain("hostPath");
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_let_only_the_http_port_in() throws IOException {
        final Map<String, Object> policy = only("k3s/base/networkpolicy.yaml");
        final Map<String, Object> spec = map(policy, "spec");
        assertThat((List<String>) spec.get("policyTypes")).contains("Ingress");
        final List<Map<String, Object>> ingress = (List<Map<String, Object>>) spec.get("ingress");
        assertThat(ingress).allSatisfy(rule -> assertThat(((List<Map<String, Object>>) rule.get("ports")))
                .allSatisfy(p -> assertThat(p.get("port")).isEqualTo(8080)));
        final String kustomization = Files.readString(Path.of("k3s/base/kustomization.yaml"));
        assertThat(kustomization).doesNotContain("secret.example.yaml");
    }

    private static Map<String, Object> only(final String file) throws IOException {
        final List<Map<String, Object>> docs = new ArrayList<>();
        new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(Path.of(file)))
                .forEach(d -> docs.add(cast(d)));
        assertThat(docs).hasSize(1);
        return docs.get(0);
    }

    private static Map<String, Object> map(final Map<String, Object> m, final String key) {
        assertThat(m).containsKey(key);
        return cast(m.get(key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(final Object o) {
        return (Map<String, Object>) o;
    }
}
