// Loaded into firebase-tools' Node process by scorebook_tools.emulators (NODE_OPTIONS), never
// deployed. Node 19+ keeps HTTP connections alive by default; the Functions emulator sends
// each event to a Python worker (gunicorn) over the last connection, and gunicorn closes an
// idle one after 2 s. An event sent as it closes gets "socket hang up": the emulator answers
// 500, kills the worker and the run is lost (1 of 6,707 runs of the emulator tests; 4 of 60
// requests spaced 2 s apart against a bare gunicorn). A connection per request has no race.
const http = require("http");
http.globalAgent = new http.Agent({ keepAlive: false });
