package ossgen.runtime;

/** One query parameter; a flag (a parameter without a value, such as {@code ?append}) has a null value. */
public record QueryParam(String name, String value) {
  public static QueryParam flag(String name) {
    return new QueryParam(name, null);
  }

  public boolean isFlag() {
    return value == null;
  }
}
