// The builder's error: a bad kernel image or a domain that cannot be built, said in
// one line that names the file's problem.

export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BuildError";
  }
}
