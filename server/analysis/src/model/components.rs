//! Our own definitions of every component type (written from FORMATS.md / COMPONENTS.md facts).
