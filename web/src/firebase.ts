// One Firebase app for the page. Its configuration comes from Hosting's reserved URL
// /__/firebase/init.json (served by Firebase Hosting and by its emulator alike), kept for a
// start without a network. On a loopback origin the page talks to the emulators, found from
// its own port: the Hosting emulator's port minus firebase.json's is the offset every
// emulator port was moved by.
//
// Firestore keeps its cache in IndexedDB, shared by the page's tabs: a scorer's writes made
// offline wait there, across a reload or a restart of the browser, until the network returns
// (the memory cache lost them with the page), and the console opens from it offline.
import { type FirebaseApp, initializeApp } from "firebase/app";
import { type Auth, connectAuthEmulator, getAuth } from "firebase/auth";
import {
  connectFirestoreEmulator, type Firestore, initializeFirestore, memoryLocalCache,
  persistentLocalCache, persistentMultipleTabManager,
} from "firebase/firestore";
import { connectFunctionsEmulator, type Functions, getFunctions } from "firebase/functions";

declare const __EMULATOR_PORTS__: { hosting: number; auth: number; firestore: number; functions: number };

export interface Backend {
  app: FirebaseApp;
  db: Firestore;
  auth: Auth;
  functions: Functions;
  emulated: boolean;
}

const LOOPBACK = ["127.0.0.1", "localhost", "[::1]"];

const KEPT_CONFIG = "scorebook.firebaseConfig";

async function config(): Promise<Record<string, string>> {
  try {
    const response = await fetch("/__/firebase/init.json");
    if (response.ok) {
      const settings = (await response.json()) as Record<string, string>;
      localStorage.setItem(KEPT_CONFIG, JSON.stringify(settings));
      return settings;
    }
  } catch {
    // offline (the project last seen, below), or not served by Hosting (vite dev)
  }
  const kept = localStorage.getItem(KEPT_CONFIG);
  return kept ? (JSON.parse(kept) as Record<string, string>) : { projectId: "demo-scorebook" };
}

/** Firestore with its cache in IndexedDB, or in memory where the browser has none to give
 * (a private window may refuse it): the page still works, only not across a reload offline. */
function firestore(app: FirebaseApp): Firestore {
  try {
    return initializeFirestore(app, {
      localCache: persistentLocalCache({ tabManager: persistentMultipleTabManager() }),
    });
  } catch (error) {
    console.warn("Firestore keeps no offline cache here:", error);
    return initializeFirestore(app, { localCache: memoryLocalCache() });
  }
}

let backend: Promise<Backend> | null = null;

/** The page's Firebase app, made once. */
export function connect(): Promise<Backend> {
  backend ??= (async () => {
    const settings = await config();
    // The emulators check no API key, but the Auth SDK wants one.
    const app = initializeApp({ apiKey: "demo-key", ...settings });
    const db = firestore(app);
    const auth = getAuth(app);
    const functions = getFunctions(app);
    const emulated = LOOPBACK.includes(location.hostname);
    if (emulated) {
      const ports = __EMULATOR_PORTS__;
      // Vite's dev server is not the Hosting emulator: its port says nothing, the variable does
      const offset = import.meta.env.DEV
        ? Number(import.meta.env.VITE_EMULATOR_PORT_OFFSET ?? 0)
        : location.port ? Number(location.port) - ports.hosting : 0;
      const host = location.hostname;
      connectFirestoreEmulator(db, host, ports.firestore + offset);
      connectAuthEmulator(auth, `http://${host}:${ports.auth + offset}`, { disableWarnings: true });
      connectFunctionsEmulator(functions, host, ports.functions + offset);
    }
    return { app, db, auth, functions, emulated };
  })();
  return backend;
}
