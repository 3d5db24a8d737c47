//! Gitea sync: clone, status, pull, push with git2; the REST API with reqwest.
