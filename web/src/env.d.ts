/// <reference types="vite/client" />
// import.meta.env: Vite's, typed (VITE_EMULATOR_PORT_OFFSET under `npx vite`).
interface ImportMetaEnv {
  readonly VITE_EMULATOR_PORT_OFFSET?: string;
}
