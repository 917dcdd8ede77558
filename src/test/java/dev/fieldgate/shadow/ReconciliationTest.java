package dev.fieldgate.shadow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each conflict case of the reconnect reconciliation: cloud owns desired, the gateway owns reported. */
class ReconciliationTest {

    @Test
    void should_change_nothing_when_neither_side_changed() {
        final Reconciliation r = reconcile("{'desired':{'sp':1},'reported':{'sp':1}}",
                "{'desired':{'sp':1},'reported':{'sp':1}}", "{'desired':{'sp':1},'reported':{'sp':1}}");
        assertThat(r.localUpdate()).isEmpty();
        assertThat(r.cloudUpdate()).isEmpty();
    }

    @Test
    void should_bring_a_cloud_only_desired_change_down() {
        final Reconciliation r = reconcile("{'desired':{'sp':1}}", "{'desired':{'sp':2}}", "{'desired':{'sp':1}}");
        assertThat(r.localUpdate()).hasToString(json("{'desired':{'sp':2}}"));
        assertThat(r.cloudUpdate()).isEmpty();
    }

    @Test
    void should_send_a_local_only_reported_change_up() {
        final Reconciliation r = reconcile("{'reported':{'t':20.5}}", "{'reported':{'t':19}}", "{'reported':{'t':19}}");
        assertThat(r.cloudUpdate()).hasToString(json("{'reported':{'t':20.5}}"));
        assertThat(r.localUpdate()).isEmpty();
    }

    @Test
    void should_let_the_cloud_win_desired_when_both_changed_it() {
        final Reconciliation r = reconcile("{'desired':{'sp':3}}", "{'desired':{'sp':2}}", "{'desired':{'sp':1}}");
        assertThat(r.merged()).hasToString(json("{'desired':{'sp':2}}"));
        assertThat(r.localUpdate()).hasToString(json("{'desired':{'sp':2}}"));
        assertThat(r.cloudUpdate()).isEmpty();
    }

    @Test
    void should_let_the_gateway_win_reported_when_both_changed_it() {
        final Reconciliation r = reconcile("{'reported':{'t':21}}", "{'reported':{'t':5}}", "{'reported':{'t':19}}");
        assertThat(r.merged()).hasToString(json("{'reported':{'t':21}}"));
        assertThat(r.cloudUpdate()).hasToString(json("{'reported':{'t':21}}"));
    }

    @Test
    void should_remove_what_one_side_deleted_and_the_other_left_alone() {
        final Reconciliation r = reconcile("{'desired':{'sp':1,'mode':'auto'}}", "{'desired':{'mode':'auto'}}",
                "{'desired':{'sp':1,'mode':'auto'}}");
        assertThat(r.localUpdate()).hasToString(json("{'desired':{'sp':null}}"));
    }

    @Test
    void should_merge_nested_objects_key_by_key() {
        final Reconciliation r = reconcile("{'desired':{'pid':{'p':2,'i':1}}}", "{'desired':{'pid':{'p':1,'i':5}}}",
                "{'desired':{'pid':{'p':1,'i':1}}}");
        assertThat(r.merged()).hasToString(json("{'desired':{'pid':{'p':2,'i':5}}}"));
        assertThat(r.localUpdate()).hasToString(json("{'desired':{'pid':{'i':5}}}"));
        assertThat(r.cloudUpdate()).hasToString(json("{'desired':{'pid':{'p':2}}}"));
    }

    @Test
    void should_union_two_copies_that_never_synced_with_the_owner_winning_conflicts() {
        final Reconciliation r = reconcile("{'desired':{'sp':3,'a':1},'reported':{'t':21}}",
                "{'desired':{'sp':2},'reported':{'t':5,'fw':'1.2'}}", null);
        assertThat(r.merged()).hasToString(json("{'desired':{'sp':2,'a':1},'reported':{'t':21,'fw':'1.2'}}"));
    }

    private static Reconciliation reconcile(final String local, final String cloud, final String base) {
        return Reconciliation.of(node(local), node(cloud), base == null ? null : node(base));
    }

    private static ObjectNode node(final String singleQuoted) {
        try {
            return (ObjectNode) ShadowEngine.JSON.readTree(json(singleQuoted));
        } catch (final java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String json(final String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
