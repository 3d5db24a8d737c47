//! The expression language: function table and static checker.
