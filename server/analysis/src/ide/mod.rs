//! IDE features over the analysis: completion, hover, navigation, rename, fixes, symbols.
