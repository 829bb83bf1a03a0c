/** What a package's published type declarations promise at run time. */
import { dirname } from "node:path";
import ts from "typescript";

/**
 * For each specifier, the names of the value exports (functions, classes, constants) TypeScript sees when it is
 * imported from `fromDir` with Node's ESM resolution. Type-only exports are left out: they have nothing to check
 * at run time. One program serves every specifier, since building it is the slow part.
 */
export function declaredValueExports(specifiers: string[], fromDir: string): Record<string, string[]> {
  // .mts makes TypeScript resolve the import as Node ESM would.
  const entry = `${fromDir}/__declared_exports__.mts`;
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const source = specifiers.map((specifier, i) => `import * as m${i} from ${JSON.stringify(specifier)};\n`).join("");
  const readFile = host.readFile;
  host.readFile = (file) => (file === entry ? source : readFile.call(host, file));
  const fileExists = host.fileExists;
  host.fileExists = (file) => file === entry || fileExists.call(host, file);
  host.getCurrentDirectory = () => dirname(entry);
  const program = ts.createProgram([entry], options, host);
  const checker = program.getTypeChecker();
  const imports = program.getSourceFile(entry)!.statements.filter(ts.isImportDeclaration);
  return Object.fromEntries(
    specifiers.map((specifier, i) => {
      const moduleSymbol = checker.getSymbolAtLocation(imports[i]!.moduleSpecifier);
      if (!moduleSymbol) throw new Error(`TypeScript cannot resolve the types of ${specifier} from ${fromDir}`);
      const names = checker
        .getExportsOfModule(moduleSymbol)
        .filter((symbol) => {
          const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
          return (target.flags & ts.SymbolFlags.Value) !== 0 && !isTypeOnlyExport(symbol);
        })
        .map((symbol) => symbol.name)
        .sort();
      return [specifier, names];
    }),
  );
}

function isTypeOnlyExport(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((d) => ts.isTypeOnlyImportOrExportDeclaration(d));
}
