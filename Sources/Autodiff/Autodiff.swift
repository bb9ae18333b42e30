/// The `Autodiff` module. See README.md for an overview.
enum AutodiffModuleDocumentation {}
