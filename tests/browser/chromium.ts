/**
 * Debian's Chromium, driven by playwright-core (no browser download is possible here). When it is
 * missing we install it as root, or stop with the exact instruction.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y chromium fonts-noto-cjk';

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium is missing at ${CHROMIUM}. Install it as root:\n  sudo ${INSTALL}`);
  }
  console.log(`Installing Chromium: ${INSTALL}`);
  execSync(INSTALL, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine's network is closed: without these flags Chromium keeps trying to reach Google.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      // Extra flags for an experiment, e.g. CHROMIUM_FLAGS=--js-flags=--no-wasm-dynamic-tiering to see
      // what V8's lazy tier-up of the engine's WebAssembly costs (bench:panels; never in a test).
      ...(process.env.CHROMIUM_FLAGS?.split(' ').filter(Boolean) ?? []),
    ],
  });
}
