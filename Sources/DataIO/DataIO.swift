/// The `DataIO` module. See README.md for an overview.
enum DataIOModuleDocumentation {}
