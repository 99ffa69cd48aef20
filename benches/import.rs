//! Benchmark placeholder: written by the import work.

fn main() {}
