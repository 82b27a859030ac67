// Where every program's stdout/stderr goes: formatted to tsvisor's own fd 1 /
// fd 2 (the container log), into a per-program ring for `ctl logs`, and
// optionally into a rotated file. One hub per supervisor; the runtime calls
// attach() for every spawn made with 'pipe'.

import type { Readable } from 'node:stream';
import type { LogFileConfig, LoggingConfig, OutputConfig } from '../config/types.js';
import type { Clock } from '../os/clock.js';
import { jsonRecordHead } from './json-format.js';
import { renderJsonRecords } from './json-render.js';
import type { LineBatch } from './line-batch.js';
import { LineRing, type LogRing } from './log-ring.js';
import { formatPrefix } from './prefix-format.js';
import { renderPrefixed } from './prefix-render.js';
import { type ChunkSink, pumpProgramStream } from './program-output.js';
import { type FileProblem, RotatingFile } from './rotating-file.js';
import type { StdioWriter } from './stdio-writer.js';

export interface OutputHubOptions {
  readonly logging: LoggingConfig;
  readonly stdout: StdioWriter;
  readonly stderr: StdioWriter;
  /** Colours names in prefix mode; pass false for NO_COLOR. */
  readonly isTTY: boolean;
  readonly clock: Clock;
  /** Log-file trouble (ENOSPC, slow disk), once per episode; the runtime logs it. */
  readonly onProblem?: FileProblem;
}

/** The program streams of one spawn; null when that stream was not piped. */
export interface ProgramStreams {
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
}

/** The output multiplexer the runtime and the control plane share. */
export interface OutputHub {
  /** Resolves when both streams ended and every line was handed to the writers, ring and file queue. */
  attach(program: string, output: OutputConfig, streams: ProgramStreams): Promise<void>;
  /** The ring of a program (created on first use, kept across restarts). */
  ring(program: string): LogRing;
  /** After a reload: recomputes prefix padding, keeps existing rings, drops removed programs' rings and files. */
  setPrograms(names: readonly string[]): void;
  /** Waits (at most timeoutMs, default 5 s: a hung disk must not hold PID 1's exit) for log files, then closes them. */
  close(timeoutMs?: number): Promise<void>;
}

interface ProgramSlot {
  readonly ring: LineRing;
  file: RotatingFile | undefined;
}

const NO_PREFIX = new Uint8Array(0);

/** Creates the hub; nothing is read until attach(). */
export function createOutputHub(opts: OutputHubOptions): OutputHub {
  const { logging, clock } = opts;
  const slots = new Map<string, ProgramSlot>();
  let configured: readonly string[] = [];
  let width = 0;
  const onProblem: FileProblem = opts.onProblem ?? (() => undefined);

  const recomputeWidth = (): void => {
    width = Math.max(0, ...configured.map((n) => n.length), ...[...slots.keys()].map((n) => n.length));
  };

  const slotFor = (program: string): ProgramSlot => {
    let slot = slots.get(program);
    if (!slot) {
      slot = { ring: new LineRing(logging.ringLines), file: undefined };
      slots.set(program, slot);
    }
    return slot;
  };

  const fileFor = (slot: ProgramSlot, cfg: LogFileConfig | undefined): RotatingFile | undefined => {
    if (slot.file && !sameFile(slot.file.config, cfg)) {
      void slot.file.close();
      slot.file = undefined;
    }
    if (cfg && !slot.file) slot.file = new RotatingFile(cfg, onProblem);
    return slot.file;
  };

  const sinkFor = (program: string, stream: 'stdout' | 'stderr', output: OutputConfig, slot: ProgramSlot) => {
    const writer = stream === 'stdout' ? opts.stdout : opts.stderr;
    const file = fileFor(slot, output.file);
    // Without timestamps the prefix only changes with the column width: encode it once, not per read.
    let cachedPrefix: { width: number; bytes: Buffer } | undefined;
    const prefixBytes = (time: string): Buffer => {
      if (output.timestamps) return Buffer.from(formatPrefix(program, { width, color: opts.isTTY, time }));
      if (cachedPrefix?.width !== width) {
        const bytes = Buffer.from(formatPrefix(program, { width, color: opts.isTTY, time: undefined }));
        cachedPrefix = { width, bytes };
      }
      return cachedPrefix.bytes;
    };
    const sink: ChunkSink = (chunk, lines) => {
      // One read = one timestamp: the lines of a chunk arrived together, and this keeps formatting cheap.
      const time = clock.toWall(clock.now());
      if (output.mode === 'raw') writer.write(chunk);
      else if (lines.count > 0) writer.write(render(time, chunk, lines));
      if (lines.count === 0) return;
      slot.ring.appendBatch({ program, stream, time }, lines);
      if (file)
        file.append(renderPrefixed(output.timestamps ? Buffer.from(`${time} `) : NO_PREFIX, lines), lines.count);
    };
    const render = (time: string, chunk: Buffer, lines: LineBatch): Buffer =>
      output.mode === 'json'
        ? renderJsonRecords(jsonRecordHead(time, program, stream), chunk, lines)
        : renderPrefixed(prefixBytes(time), lines);
    return { writer, sink };
  };

  return {
    attach(program, output, streams) {
      const slot = slotFor(program);
      // Only output widens the column: `ctl logs typo` must not shift every prefix.
      if (program.length > width) width = program.length;
      const pumps: Promise<void>[] = [];
      for (const name of ['stdout', 'stderr'] as const) {
        const stream = streams[name];
        if (!stream) continue;
        const { writer, sink } = sinkFor(program, name, output, slot);
        pumps.push(pumpProgramStream(stream, logging.maxLineBytes, writer, sink));
      }
      return Promise.all(pumps).then(() => undefined);
    },
    ring(program) {
      return slotFor(program).ring;
    },
    setPrograms(names) {
      configured = [...names];
      const keep = new Set(names);
      for (const [name, slot] of slots) {
        if (keep.has(name)) continue;
        void slot.file?.close();
        slots.delete(name);
      }
      recomputeWidth();
    },
    async close(timeoutMs = 5000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.all([...slots.values()].map((s) => s.file?.close())), timeout]);
      clearTimeout(timer);
    },
  };
}

function sameFile(a: LogFileConfig, b: LogFileConfig | undefined): boolean {
  return b !== undefined && a.path === b.path && a.maxSizeBytes === b.maxSizeBytes && a.maxFiles === b.maxFiles;
}
