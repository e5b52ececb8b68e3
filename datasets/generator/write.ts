/** The file-writing shell around generate(): buffers blocks and writes them as they fill. */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileNames, generate, type GeneratorConfig } from './generate';
import { encode } from './gb18030';

const FLUSH_AT = 1 << 20;

class BufferedFile {
  private readonly fd: number;
  private pending = '';
  bytes = 0;

  constructor(
    readonly path: string,
    private readonly encoding: GeneratorConfig['encoding'],
  ) {
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.pending === '') return;
    const bytes = encode(this.pending, this.encoding);
    writeSync(this.fd, bytes);
    this.bytes += bytes.length;
    this.pending = '';
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export interface WrittenFile {
  readonly path: string;
  readonly bytes: number;
}

/** Writes the synthetic files into `dir` and returns what was written. */
export function writeSynthetic(config: GeneratorConfig, dir: string): WrittenFile[] {
  mkdirSync(dir, { recursive: true });
  const names = fileNames(config);
  const files = [new BufferedFile(join(dir, names.evaluations), config.encoding)];
  if (config.indicators) files.push(new BufferedFile(join(dir, names.indicators), config.encoding));
  const [evaluations, indicators] = files;
  try {
    for (const block of generate(config)) {
      evaluations?.write(block.evaluations);
      indicators?.write(block.indicators);
    }
  } finally {
    for (const f of files) f.close();
  }
  return files.map((f) => ({ path: f.path, bytes: f.bytes }));
}
