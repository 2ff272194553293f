// Reads {schema, name, options} as JSON on stdin and writes the TypeScript declarations
// json-schema-to-typescript makes of the schema to stdout. Run by schema_export.py.
import { compile } from "json-schema-to-typescript";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { schema, name, options } = JSON.parse(input);
process.stdout.write(await compile(schema, name, options));
