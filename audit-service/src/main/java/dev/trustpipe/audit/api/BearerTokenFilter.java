package dev.trustpipe.audit.api;

import dev.trustpipe.custody.BearerToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /api/v1/audit/**}: {@code Authorization: Bearer <token>} with the {@code auditor}
 * role, else 401 (no or unknown token) or 403 (a token without the role). Actuator and the OpenAPI
 * document stay open.
 */
public final class BearerTokenFilter extends OncePerRequestFilter {
  public static final String PROTECTED_PREFIX = "/api/v1/audit";

  private final AuditorTokens tokens;

  public BearerTokenFilter(AuditorTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !(path.equals(PROTECTED_PREFIX) || path.startsWith(PROTECTED_PREFIX + "/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String token = BearerToken.fromAuthorizationHeader(request.getHeader("Authorization"));
    Optional<Set<String>> roles = tokens.roles(token);
    if (roles.isEmpty()) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"trustpipe-audit\"");
      deny(
          response,
          HttpServletResponse.SC_UNAUTHORIZED,
          "unauthorized",
          "a bearer token with the auditor role is required");
      return;
    }
    if (!roles.get().contains(AuditorTokens.AUDITOR)) {
      deny(
          response,
          HttpServletResponse.SC_FORBIDDEN,
          "forbidden",
          "the token lacks the auditor role");
      return;
    }
    chain.doFilter(request, response);
  }

  private static void deny(HttpServletResponse response, int status, String error, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response
        .getOutputStream()
        .write(
            ("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}")
                .getBytes(StandardCharsets.UTF_8));
  }
}
