package dev.trustpipe.audit.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Maps request errors to 400 with {@code {"error": "bad_request", "message": ...}}. */
@RestControllerAdvice
public class ApiErrors {

  @ExceptionHandler(BadRequestException.class)
  public ResponseEntity<Map<String, Object>> badRequest(BadRequestException e) {
    return body(e.getMessage());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  public ResponseEntity<Map<String, Object>> mismatch(MethodArgumentTypeMismatchException e) {
    return body(e.getName() + " must be an integer");
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  public ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException e) {
    return body(e.getParameterName() + " is required");
  }

  private static ResponseEntity<Map<String, Object>> body(String message) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error", "bad_request");
    out.put("message", message);
    return ResponseEntity.status(HttpStatus.BAD_REQUEST)
        .contentType(MediaType.APPLICATION_JSON)
        .body(out);
  }
}
