// The layer rules of eslint.config.js fail on a violation: engine ← worker ← ui, and outside code
// reaches the engine through its index files. Each case lints a small fixture text as if it were a
// file at that place in the tree.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it('the engine may not import the worker, the UI or React', async () => {
    const code = [
      "import { decodeFrame } from '../worker/frame.ts';",
      "import { formatBytes } from '../ui/format.ts';",
      "import { useState } from 'react';",
      'export const x = [decodeFrame, formatBytes, useState];',
    ].join('\n');
    const errors = await restrictedImports('src/engine/fixture-layer.ts', code);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/knows nothing of the worker/);
    expect(errors[1]).toMatch(/Only src\/ui/);
  }, 60_000);

  it('the worker may not import the UI, nor the engine behind its index files', async () => {
    const code = [
      "import { WorkerBridge } from '../ui/bridge.ts';",
      "import { ArrivalPlan } from '../engine/sim/arrivals.ts';",
      "import { createSimulation } from '../engine/sim/index.ts';",
      'export const x = [WorkerBridge, ArrivalPlan, createSimulation];',
    ].join('\n');
    const errors = await restrictedImports('src/worker/fixture-layer.ts', code);
    expect(errors).toHaveLength(2);
    expect(errors[1]).toMatch(/through its index files/);
  }, 60_000);

  it('the UI reaches the worker through its boundary files only, and the CLI the engine through its indexes', async () => {
    const ui = await restrictedImports(
      'src/ui/fixture-layer.ts',
      "import { SimHost } from '../worker/host.ts';\nimport { decodeFrame } from '../worker/frame.ts';\nexport const x = [SimHost, decodeFrame];",
    );
    expect(ui).toHaveLength(1);
    expect(ui[0]).toMatch(/'..\/worker\/host.ts'.*through protocol.ts, frame.ts and params.ts only/);
    const cli = await restrictedImports(
      'src/cli/fixture-layer.ts',
      "import { TokioChannel } from '../engine/channels/tokio.ts';\nexport const x = TokioChannel;",
    );
    expect(cli).toHaveLength(1);
  }, 60_000);

  it('the real tree has no violation (the same config lints it in npm run lint)', async () => {
    const ok = await restrictedImports(
      'src/ui/fixture-layer.ts',
      "import { channelParams } from '../engine/channels/index.ts';\nexport const x = channelParams;",
    );
    expect(ok).toEqual([]);
  }, 60_000);
});
