// Writes a supervisord ini for the bench's program list, each setting as a Docker user would set it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Path of a config running `programs`; ctx = { dir, supervisord?: { startsecs, startretries } }.
export function writeSupervisordConfig(programs, ctx) {
  const tuning = { startsecs: 1, startretries: 3, ...ctx.supervisord };
  const lines = [
    '[supervisord]',
    'nodaemon=true',
    'user=root',
    'logfile=/dev/null',
    'logfile_maxbytes=0',
    `pidfile=${join(ctx.dir, 'supervisord.pid')}`,
    `childlogdir=${ctx.dir}`,
  ];
  for (const p of programs) {
    // maxbytes=0 avoids supervisord's rotation seek, which fails on /dev/stdout ("Illegal seek").
    const target = p.output === 'discard' || p.output === undefined ? '/dev/null' : '/dev/stdout';
    lines.push(
      '',
      `[program:${p.name}]`,
      `command=${p.argv.map(quote).join(' ')}`,
      `autorestart=${p.restart === 'no' ? 'false' : 'true'}`,
      `startsecs=${tuning.startsecs}`,
      `startretries=${tuning.startretries}`,
      // stopwaitsecs takes whole seconds only.
      `stopwaitsecs=${Math.max(1, Math.round((p.stopGraceMs ?? 10_000) / 1000))}`,
      `stdout_logfile=${target}`,
      'stdout_logfile_maxbytes=0',
      'stderr_logfile=/dev/null',
      'stderr_logfile_maxbytes=0',
    );
  }
  const path = join(ctx.dir, 'supervisord.conf');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

// supervisord splits `command` with shlex; single quotes keep spaces and $ literal.
function quote(arg) {
  return /^[\w./:=@%+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\"'\"'")}'`;
}
