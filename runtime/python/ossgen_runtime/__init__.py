"""Stand-in package for working on the runtime where it lives; not copied into the generated package."""
