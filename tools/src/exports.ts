/** What a package's published type declarations promise at run time. */
import { dirname } from "node:path";
import ts from "typescript";

/**
 * The names of the value exports (functions, classes, constants) that TypeScript sees for `specifier` when it is
 * imported from `fromDir` with Node's ESM resolution. Type-only exports are left out: they have nothing to check
 * at run time.
 */
export function declaredValueExports(specifier: string, fromDir: string): string[] {
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
  const source = `import * as m from ${JSON.stringify(specifier)};\nexport { m };\n`;
  const readFile = host.readFile;
  host.readFile = (file) => (file === entry ? source : readFile.call(host, file));
  const fileExists = host.fileExists;
  host.fileExists = (file) => file === entry || fileExists.call(host, file);
  host.getCurrentDirectory = () => dirname(entry);
  const program = ts.createProgram([entry], options, host);
  const checker = program.getTypeChecker();
  const importDeclaration = program.getSourceFile(entry)!.statements.find(ts.isImportDeclaration)!;
  const moduleSymbol = checker.getSymbolAtLocation(importDeclaration.moduleSpecifier);
  if (!moduleSymbol) throw new Error(`TypeScript cannot resolve the types of ${specifier} from ${fromDir}`);
  return checker
    .getExportsOfModule(moduleSymbol)
    .filter((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return (target.flags & ts.SymbolFlags.Value) !== 0 && !isTypeOnlyExport(symbol);
    })
    .map((symbol) => symbol.name)
    .sort();
}

function isTypeOnlyExport(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((d) => ts.isTypeOnlyImportOrExportDeclaration(d));
}
