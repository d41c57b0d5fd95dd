/**
 * The CLI as a person meets it: a progress bar under a pseudo-terminal (`script` from
 * util-linux), Ctrl-C during the first download (cursor shown again; the next run resumes),
 * `| head`, no arguments, and input files that are text despite a NUL or a UTF-16 encoding.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.js';
import { startHub, type Hub } from '../models/hub.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'fr2en-terminal-'));
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs the CLI under a pseudo-terminal; `interruptWhen` sends Ctrl-C once the output matches. */
function inTerminal(args: string[], env: NodeJS.ProcessEnv, interruptWhen?: RegExp): Promise<{ code: number; out: string }> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, '--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (interruptWhen && !sent && interruptWhen.test(out)) {
        sent = true;
        setTimeout(() => child.stdin.write('\x03'), 300);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

describe.runIf(hasScript)('under a terminal', () => {
  it('shows one bar per model download, restores the cursor on Ctrl-C, and the next run resumes', async () => {
    const input = path.join(scratch, 'in.txt');
    writeFileSync(input, 'Le chat dort.\n');
    const store = path.join(scratch, 'store');
    const args = ['translate', input, '--cache-dir', store, '--models-dir', path.join(scratch, 'none')];
    const env = { FR2EN_HUB_URL: hub.url, FR2EN_OFFLINE: '' };
    // ~3 s for the encoder (10 chunks of 16 KB): Ctrl-C, sent 300 ms after the bar shows, lands mid-download even on a quiet machine
    hub.plan.set('onnx/encoder_model_quantized.onnx', { slowMs: 300 });
    const first = await inTerminal(args, env, /download Xenova\/opus-mt-fr-en \[.*\] [1-9]\d*% \| [\d.]+\/[\d.]+ MB \| [\d.]+ MB\/s/);
    expect(first.code).toBe(130);
    const afterInterrupt = first.out.slice(first.out.lastIndexOf('^C'));
    expect(afterInterrupt).toContain('\x1b[?25h'); // cursor shown again
    hub.plan.clear();
    const getsBefore = hub.requests.filter((r) => r.method === 'GET' && r.url.endsWith('/config.json')).length;
    const second = await inTerminal(args, env);
    expect(second.code, second.out).toBe(0);
    // what the first run finished is not fetched again; the rest is
    expect(hub.requests.filter((r) => r.method === 'GET' && r.url.endsWith('/config.json')).length).toBe(getsBefore);
    const bars = [...second.out.matchAll(/download Xenova\/opus-mt-fr-en \[/g)];
    expect(bars.length).toBeGreaterThan(0);
    const ready = second.out.indexOf('Xenova/opus-mt-fr-en ready in');
    expect(ready).toBeGreaterThan(bars.at(-1)!.index!);
    // the bar ended (cursor shown, line finished) before "ready"
    expect(second.out.slice(bars.at(-1)!.index!, ready)).toMatch(/\x1b\[\?25h[\s\S]*\r?\n/);
    expect(second.out.lastIndexOf('\x1b[?25h')).toBeGreaterThan(second.out.lastIndexOf('\x1b[?25l'));
  });
});

describe('CLI hygiene', () => {
  it('exits 0 without a stack trace when the reader stops early (| head)', () => {
    const input = path.join(scratch, 'big.txt');
    writeFileSync(input, 'Le chat dort. Il fait beau aujourd’hui.\n'.repeat(40_000));
    const script = `set -o pipefail; '${process.execPath}' --import tsx src/cli/main.ts segment '${input}' | head -n 2; echo "status=\${PIPESTATUS[0]}" >&2`;
    const result = spawnSyncShell(script);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    expect(result.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(result.stderr).toMatch(/status=0/);
  });

  it('prints the help and exits 2 without arguments', async () => {
    const { code, stderr, stdout } = await runCli([]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Usage: fr2en/);
    expect(stderr).toMatch(/models/);
  });

  it('reads valid UTF-8 with a stray NUL as text, with an input-nul warning', async () => {
    const file = path.join(scratch, 'nul.txt');
    writeFileSync(file, 'Le chat dort.\0 Il fait beau.\n');
    const { code, stdout, stderr } = await runCli(['segment', file]);
    expect(code).toBe(0);
    expect(stdout).toBe('Le chat dort.\nIl fait beau.\n');
    expect(stderr).toMatch(/^warning \[input-nul\]: .* 1 NUL byte/);
  });

  it('decodes UTF-16 with a byte-order mark (LE and BE)', async () => {
    const text = 'Élise arrive. Où est-elle ?\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le.subarray(0)).swap16();
    for (const [name, bytes] of [['le.txt', le], ['be.txt', be]] as const) {
      const file = path.join(scratch, name);
      writeFileSync(file, bytes);
      const { code, stdout } = await runCli(['segment', file]);
      expect(code, name).toBe(0);
      expect(stdout, name).toBe('Élise arrive.\nOù est-elle ?\n');
    }
  });
});

function spawnSyncShell(script: string): { stdout: string; stderr: string } {
  const result = spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8' });
  return { stdout: result.stdout, stderr: result.stderr };
}
