// Loaded with `node --import` into a child process under test: on exit, writes the process's peak resident set
// size (bytes, from the kernel's rusage) to the file named by PERFTRACK_PEAK_RSS_FILE.
import fs from 'node:fs';

process.on('exit', () => {
  const file = process.env.PERFTRACK_PEAK_RSS_FILE;
  if (file) fs.writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
