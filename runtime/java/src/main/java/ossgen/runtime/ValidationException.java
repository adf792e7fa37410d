package ossgen.runtime;

/** A request (or an option) refused before anything was sent; {@link #field()} names what is wrong. */
public class ValidationException extends ClientException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public ValidationException(String field, String message) {
    super(field + " " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
