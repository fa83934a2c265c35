package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.millrace.core.bus.ServiceException;

class RecentAnswersTest {
    private final AtomicLong now = new AtomicLong();
    private final RecentAnswers<String> answers = new RecentAnswers<>(Duration.ofSeconds(2), 3, now::get);

    @Test
    void valuesAndNotFoundsAreRememberedForTheirTimeOnly() {
        answers.remember("a", Future.succeededFuture("A"));
        answers.remember("gone", Future.failedFuture(ServiceException.notFound("no such thing")));
        now.addAndGet(Duration.ofMillis(1999).toNanos());
        assertThat(answers.recent("a").orElseThrow().result()).isEqualTo("A");
        Throwable cause = answers.recent("gone").orElseThrow().cause();
        assertThat(cause).isInstanceOf(ServiceException.class);
        assertThat(((ServiceException) cause).status()).isEqualTo(404);
        now.addAndGet(Duration.ofMillis(2).toNanos());
        assertThat(answers.recent("a")).isEmpty();
        assertThat(answers.recent("gone")).isEmpty();
    }

    @Test
    void outagesAreNeverRememberedAndForgetTheLastAnswer() {
        answers.remember("a", Future.succeededFuture("A"));
        answers.remember("a", Future.failedFuture(ServiceException.unavailable("down")));
        assertThat(answers.recent("a")).isEmpty();
    }

    @Test
    void aNewAnswerReplacesTheOldOneAndTheBoundForgetsTheLeastRecentlyUsed() {
        answers.remember("a", Future.succeededFuture("A1"));
        answers.remember("a", Future.succeededFuture("A2"));
        assertThat(answers.recent("a").orElseThrow().result()).isEqualTo("A2");
        answers.remember("b", Future.succeededFuture("B"));
        answers.remember("c", Future.succeededFuture("C"));
        answers.recent("a"); // a is now more recently used than b
        answers.remember("d", Future.succeededFuture("D"));
        assertThat(answers.size()).isEqualTo(3);
        assertThat(answers.recent("b")).isEmpty();
        assertThat(answers.recent("a")).isPresent();
    }

    @Test
    void askersArrivingWhileALookupIsUnderWayJoinItAndTheNextOneAsksAgain() {
        java.util.List<io.vertx.core.Promise<String>> lookups = new java.util.ArrayList<>();
        java.util.function.Supplier<Future<String>> lookup = () -> {
            io.vertx.core.Promise<String> promise = io.vertx.core.Promise.promise();
            lookups.add(promise);
            return promise.future();
        };
        Future<String> first = answers.ask("a", lookup);
        Future<String> second = answers.ask("a", lookup);
        Future<String> other = answers.ask("b", lookup);
        assertThat(lookups).as("one lookup per key under way").hasSize(2);
        lookups.get(0).complete("A");
        assertThat(first.result()).isEqualTo("A");
        assertThat(second.result()).isEqualTo("A");
        assertThat(other.isComplete()).isFalse();
        assertThat(answers.recent("a").orElseThrow().result()).isEqualTo("A");

        Future<String> later = answers.ask("a", lookup);
        assertThat(lookups).as("a finished lookup is not joined").hasSize(3);
        lookups.get(2).fail(ServiceException.unavailable("down"));
        assertThat(later.failed()).isTrue();
        assertThat(answers.recent("a")).as("an outage forgets").isEmpty();
        answers.ask("a", lookup);
        assertThat(lookups).as("nor is a failed one").hasSize(4);
    }
}
