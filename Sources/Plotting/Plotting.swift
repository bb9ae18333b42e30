/// The `Plotting` module. See README.md for an overview.
enum PlottingModuleDocumentation {}
