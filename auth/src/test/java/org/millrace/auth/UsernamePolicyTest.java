package org.millrace.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UsernamePolicyTest {
    @Test
    void acceptsPlainNames() {
        assertThat(UsernamePolicy.problem("ada")).isEmpty();
        assertThat(UsernamePolicy.problem("Ada.Lovelace_1815")).isEmpty();
        assertThat(UsernamePolicy.problem("a".repeat(32))).isEmpty();
    }

    @Test
    void refusesWithAReason() {
        assertThat(UsernamePolicy.problem(null)).isPresent();
        assertThat(UsernamePolicy.problem("ab")).get().asString().contains("3 to 32");
        assertThat(UsernamePolicy.problem("a".repeat(33))).isPresent();
        assertThat(UsernamePolicy.problem("_ada")).isPresent();
        assertThat(UsernamePolicy.problem("ada lovelace")).isPresent();
        assertThat(UsernamePolicy.problem("ada'; DROP TABLE users;--")).isPresent();
        assertThat(UsernamePolicy.problem("ädä")).isPresent();
    }

    @Test
    void uniquenessIgnoresCase() {
        assertThat(UsernamePolicy.canonical("Ada")).isEqualTo(UsernamePolicy.canonical("aDA"));
    }
}
