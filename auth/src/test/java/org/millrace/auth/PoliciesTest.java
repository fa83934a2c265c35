package org.millrace.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoliciesTest {
    @Test
    void passwordsHaveTenTo128Characters() {
        assertThat(PasswordPolicy.problem(null)).isPresent();
        assertThat(PasswordPolicy.problem("")).isPresent();
        assertThat(PasswordPolicy.problem("123456789")).isPresent();
        assertThat(PasswordPolicy.problem("1234567890")).isEmpty();
        assertThat(PasswordPolicy.problem("p".repeat(128))).isEmpty();
        assertThat(PasswordPolicy.problem("p".repeat(129))).isPresent();
        assertThat(PasswordPolicy.problem("😀".repeat(10)))
                .as("counted in characters, not UTF-16 units")
                .isEmpty();
        assertThat(PasswordPolicy.problem("😀".repeat(100))).isEmpty();
        assertThat(PasswordPolicy.problem("hunter2-but-longer").orElse("")).doesNotContain("hunter2");
    }

    @Test
    void emailsAreSaneAddressesOfAtMost254Characters() {
        assertThat(EmailPolicy.problem("ada@example.org")).isEmpty();
        assertThat(EmailPolicy.problem("O'Brien+tag@mail.example.co.uk")).isEmpty();
        assertThat(EmailPolicy.problem("first.last@xn--bcher-kva.example")).isEmpty();
        assertThat(EmailPolicy.problem(null)).isPresent();
        assertThat(EmailPolicy.problem("")).isPresent();
        assertThat(EmailPolicy.problem("plain")).isPresent();
        assertThat(EmailPolicy.problem("@example.org")).isPresent();
        assertThat(EmailPolicy.problem("ada@")).isPresent();
        assertThat(EmailPolicy.problem("ada@localhost")).isPresent();
        assertThat(EmailPolicy.problem("ada@@example.org")).isPresent();
        assertThat(EmailPolicy.problem("a b@example.org")).isPresent();
        assertThat(EmailPolicy.problem(".ada@example.org")).isPresent();
        assertThat(EmailPolicy.problem("ada..b@example.org")).isPresent();
        assertThat(EmailPolicy.problem("ada@-example.org")).isPresent();
        assertThat(EmailPolicy.problem("ada@example..org")).isPresent();
        assertThat(EmailPolicy.problem("ada@1.2.3.4")).isPresent();
        assertThat(EmailPolicy.problem("ada@example.org\n")).isPresent();
        assertThat(EmailPolicy.problem("a".repeat(65) + "@example.org")).isPresent();
        String longest = "a".repeat(64) + "@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(63) + ".org";
        assertThat(EmailPolicy.problem(longest)).isEmpty();
        assertThat(EmailPolicy.problem(longest.replace(".org", ".info"))).isPresent();
        assertThat(EmailPolicy.canonical("Ada@Example.ORG")).isEqualTo("ada@example.org");
    }
}
