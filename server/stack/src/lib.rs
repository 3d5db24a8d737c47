//! `altinn-ls stack` and `altinn-ls run`: drive docker compose / kubectl and the app runtime.
