package org.millrace.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.logging.LogBudget;
import org.millrace.core.security.AccessTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Register, login, refresh, logout and me, as plain request-in, response-out operations. Logs name users by id
 * and never carry a password, a hash, a token, or what someone typed as a login name (it may be a password).
 */
public final class AuthService {
    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
    private static final String BAD_CREDENTIALS = "wrong username, e-mail or password";
    private static final String BAD_REFRESH = "the refresh token is invalid, expired or revoked";

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHasher passwords;
    private final AccessTokens accessTokens;
    private final LoginRateLimiter limiter;
    /** A flood of wrong passwords from many addresses must not flood the log too. */
    private final LogBudget failureLines = new LogBudget(20, Duration.ofMinutes(1));

    public AuthService(
            UserRepository users,
            RefreshTokenRepository refreshTokens,
            PasswordHasher passwords,
            AccessTokens accessTokens,
            LoginRateLimiter limiter) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.passwords = passwords;
        this.accessTokens = accessTokens;
        this.limiter = limiter;
    }

    /** {@code {username,email,password}} → 201 {@code {user}}. */
    public Future<ServiceResponse> register(ServiceRequest request) {
        JsonObject body = request.bodyObject();
        String username = text(body, "username");
        String email = text(body, "email");
        String password = text(body, "password");
        UsernamePolicy.problem(username).ifPresent(p -> {
            throw ServiceException.badRequest("invalid_username", p);
        });
        EmailPolicy.problem(email).ifPresent(p -> {
            throw ServiceException.badRequest("invalid_email", p);
        });
        PasswordPolicy.problem(password).ifPresent(p -> {
            throw ServiceException.badRequest("invalid_password", p);
        });
        // Each sign-up costs a bcrypt hash: it counts against the address's budget like a login attempt.
        return limiter.attempt(request.clientIp())
                .map(wait -> refuseWhenLimited(wait, "too many attempts from this address"))
                .compose(allowed -> passwords.hash(password))
                .compose(hash -> users.create(username, email, hash))
                .map(user -> {
                    LOG.info("registered user {} ({})", user.id(), user.username());
                    return ServiceResponse.created(new JsonObject().put("user", user.toJson(true)));
                });
    }

    /** {@code {login,password}} (login = username or e-mail) → tokens and the user. */
    public Future<ServiceResponse> login(ServiceRequest request) {
        JsonObject body = request.bodyObject();
        String login = text(body, "login");
        String password = text(body, "password");
        if (login == null || login.isEmpty() || password == null || password.isEmpty()) {
            throw ServiceException.badRequest("missing_credentials", "send a login and a password");
        }
        return limiter.attempt(request.clientIp())
                .map(wait -> refuseWhenLimited(wait, "too many login attempts from this address"))
                .compose(allowed -> findUser(login))
                .compose(user -> {
                    // Unknown names are counted too, under the name itself, so they look exactly like real accounts.
                    String account = user.map(u -> "user:" + u.id()).orElseGet(() -> "login:" + unknownName(login));
                    // Reserved before bcrypt, so concurrent guesses get no further than sequential ones.
                    return limiter.admit(account, request.clientIp())
                            .compose(admission -> checkPassword(request, user, password, admission));
                });
    }

    private Future<Optional<User>> findUser(String login) {
        return login.length() > EmailPolicy.MAX_LENGTH
                ? Future.succeededFuture(Optional.empty())
                : login.indexOf('@') >= 0 ? users.findByEmail(login) : users.findByUsername(login);
    }

    private Future<ServiceResponse> checkPassword(
            ServiceRequest request, Optional<User> user, String password, LoginRateLimiter.Admission admission) {
        refuseWhenLimited(admission.retryAfter(), "too many failed logins for this account");
        Future<Boolean> verified = user.isPresent()
                ? passwords.verify(password, user.get().passwordHash())
                : passwords.verifyNobody(password);
        return verified.compose(ok -> {
            if (!ok) {
                String note = failureLines.admit();
                if (note != null) {
                    LOG.info(
                            "failed login from {}{}{}",
                            request.clientIp(),
                            user.map(u -> " for user " + u.id()).orElse(" for an unknown name"),
                            note);
                }
                return Future.failedFuture(new ServiceException(401, "invalid_credentials", BAD_CREDENTIALS));
            }
            User signedIn = user.orElseThrow();
            return limiter.succeeded(admission)
                    .compose(released -> refreshTokens.issueNewFamily(signedIn.id()))
                    .map(refresh -> {
                        LOG.info("user {} signed in from {}", signedIn.id(), request.clientIp());
                        return ServiceResponse.ok(tokens(signedIn, refresh));
                    });
        });
    }

    /** {@code {refreshToken}} → a new pair; the presented token is spent. */
    public Future<ServiceResponse> refresh(ServiceRequest request) {
        String token = refreshToken(request)
                .orElseThrow(() -> ServiceException.badRequest("missing_refresh_token", "send a refreshToken"));
        return refreshTokens.rotate(token).compose(rotation -> {
            switch (rotation.outcome()) {
                case ROTATED:
                    return users.findById(rotation.userId()).compose(user -> user.map(
                                    u -> Future.succeededFuture(ServiceResponse.ok(tokens(u, rotation.nextToken()))))
                            .orElseGet(() -> Future.failedFuture(badRefresh())));
                case REUSED:
                    LOG.warn(
                            "a spent refresh token of user {} was presented again (from {}): its family is revoked",
                            rotation.userId(),
                            request.clientIp());
                    return Future.failedFuture(badRefresh());
                default:
                    return Future.failedFuture(badRefresh());
            }
        });
    }

    /** {@code {refreshToken}} → 204; the token's family (this login) is revoked. Idempotent. */
    public Future<ServiceResponse> logout(ServiceRequest request) {
        return refreshToken(request)
                .map(refreshTokens::revokeFamilyOf)
                .orElseGet(Future::succeededFuture)
                .map(ignored -> ServiceResponse.noContent());
    }

    /** The caller → {@code {user}}. */
    public Future<ServiceResponse> me(ServiceRequest request) {
        String id = request.requireCaller().userId();
        return users.findById(id)
                .map(user -> user.map(u -> ServiceResponse.ok(new JsonObject().put("user", u.toJson(true))))
                        .orElseThrow(() -> ServiceException.unauthorized("the account no longer exists")));
    }

    private JsonObject tokens(User user, String refreshToken) {
        return new JsonObject()
                .put("accessToken", accessTokens.issue(user.principal()))
                .put("tokenType", "Bearer")
                .put("expiresIn", accessTokens.lifetime().toSeconds())
                .put("refreshToken", refreshToken)
                .put("refreshExpiresIn", refreshTokens.lifetime().toSeconds())
                .put("user", user.toJson(true));
    }

    private static Optional<String> refreshToken(ServiceRequest request) {
        if (request.body() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(text(request.bodyObject(), "refreshToken")).filter(t -> !t.isEmpty());
    }

    /** Throws the 429 when {@code retryAfter} holds a wait; otherwise answers true. */
    private static boolean refuseWhenLimited(OptionalLong retryAfter, String message) {
        if (retryAfter.isPresent()) {
            throw ServiceException.tooManyRequests(message + "; try again later", retryAfter.getAsLong());
        }
        return true;
    }

    /** The key an unknown login name is counted under: bounded, since nothing longer can be an account. */
    private static String unknownName(String login) {
        String lower = login.toLowerCase(Locale.ROOT);
        return lower.length() > EmailPolicy.MAX_LENGTH ? lower.substring(0, EmailPolicy.MAX_LENGTH) : lower;
    }

    private static ServiceException badRefresh() {
        return new ServiceException(401, "invalid_refresh_token", BAD_REFRESH);
    }

    /** A string field, or null when it is absent or not a string (a number is not a password). */
    private static String text(JsonObject body, String field) {
        return body.getValue(field) instanceof String s ? s : null;
    }
}
