// Placeholder entry; replaced by the real CLI.
process.stdout.write('tsvisor\n');
