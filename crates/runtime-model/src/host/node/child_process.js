// node:child_process for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:child_process ${name} is not modelled by crosstalk`);
};

export class ChildProcess {
  constructor() {
    throw notModelled("ChildProcess");
  }
}
export const _forkChild = notModelled("_forkChild");
export const exec = notModelled("exec");
export const execFile = notModelled("execFile");
export const execFileSync = notModelled("execFileSync");
export const execSync = notModelled("execSync");
export const fork = notModelled("fork");
export const spawn = notModelled("spawn");
export const spawnSync = notModelled("spawnSync");
export default { ChildProcess, _forkChild, exec, execFile, execFileSync, execSync, fork, spawn, spawnSync };
