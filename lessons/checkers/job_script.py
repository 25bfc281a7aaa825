"""Checks the job script exercise: the #SBATCH lines of the learner's
pi.sbatch ask for one task with the 2 CPUs that pool_pi.py is to use, and
set a walltime and memory, each value in the forms corelab's own job
scripts accept; then, where sbatch is installed and a Slurm controller
answers, Slurm itself judges the script (sbatch --test-only submits
nothing)."""
import re
import shutil
import subprocess

import checklib

CPUS = 2        # the sweep the script's comment asks for: 1 and 2 workers
SHORT = {"n": "ntasks", "c": "cpus-per-task", "t": "time", "J": "job-name", "N": "nodes",
         "o": "output", "e": "error", "p": "partition", "A": "account"}


def directives(lines):
    """{option: (value, line number)} from the #SBATCH lines, which sbatch
    reads only above the script's first command."""
    found, command_seen = {}, False
    for number, line in enumerate(lines, 1):
        text = line.strip()
        directive = re.match(r"#SBATCH\s", line)
        if "TODO" in text and (directive or not text.startswith("#")):
            checklib.not_yet(f"line {number} still has a TODO: {text}")
        if re.match(r"#\s*sbatch\s+-", text, re.IGNORECASE) and not directive:
            checklib.not_yet(f"line {number}: sbatch reads only lines that start with exactly "
                             f"'#SBATCH ', at the very start of the line: {text}")
        if directive:
            if command_seen:
                checklib.not_yet(f"line {number}: sbatch ignores #SBATCH lines after the first command; "
                                 "move it up")
            parse_options(line[len("#SBATCH"):], number, found)
        elif text and not text.startswith("#"):
            command_seen = True
    return found


def parse_options(rest, number, found):
    words = rest.split()
    i = 0
    while i < len(words):
        word = words[i]
        if word.startswith("#"):
            break
        if word.startswith("--"):
            name, sep, value = word[2:].partition("=")
        elif re.match(r"-[A-Za-z]", word):
            name, value, sep = SHORT.get(word[1], word[1]), word[2:], word[2:]
        else:
            checklib.not_yet(f"line {number}: '{word}' is not an option; options start with -- "
                             "(such as --ntasks=1)")
        if not sep and i + 1 < len(words) and not words[i + 1].startswith("-"):
            i += 1
            value = words[i]
        found[name] = (value, number)
        i += 1


# The forms corelab accepts for the values of its own job scripts.

def check_time(value):
    m = re.fullmatch(r"(?:(\d{1,3})-)?(\d\d):(\d\d):(\d\d)", value)
    if not m or int(m[3]) > 59 or int(m[4]) > 59 or (m[1] and int(m[2]) > 23):
        plain = f" (sbatch would read {value} as minutes; write them out)" if value.isdigit() else ""
        return f"time '{value}' is not a walltime of the form HH:MM:SS or D-HH:MM:SS{plain}"
    seconds = ((int(m[1] or 0) * 24 + int(m[2])) * 60 + int(m[3])) * 60 + int(m[4])
    if seconds == 0:
        return "time must be longer than 00:00:00"
    if seconds > 365 * 86400:
        return "time is longer than a year"
    return None


def check_mem(value):
    if not re.fullmatch(r"[1-9]\d{0,8}[KMGTkmgt]?", value):
        return f"mem '{value}' is not an amount like 4G or 4096M"
    return None


def check_cpus(value):
    if not re.fullmatch(r"[1-9]\d{0,3}", value) or int(value) > 1024:
        return f"cpus-per-task '{value}' is not a whole number from 1 to 1024"
    if int(value) > CPUS:
        return (f"--cpus-per-task={value}, but pool_pi.py is to use at most {CPUS} workers here: "
                f"{int(value) - CPUS} CPU(s) would sit idle, and be charged")
    if int(value) < CPUS:
        return (f"--cpus-per-task={value}: pool_pi.py sweeps up to SLURM_CPUS_PER_TASK, "
                f"so it would stop at {value}")
    return None


def check_name(value):
    if not re.fullmatch(r"[A-Za-z0-9._/+][A-Za-z0-9._/+-]{0,127}", value):
        return f"job-name '{value}' may hold only letters, digits and . _ / + -, and not start with -"
    return None


CHECKS = [
    ("ntasks", "ask for one task: --ntasks=1",
     lambda v: None if v == "1" else f"--ntasks={v}: a Pool is one program that starts its own workers, "
                                     "so it is one task: --ntasks=1"),
    ("cpus-per-task", f"ask for the CPUs of the workers: --cpus-per-task={CPUS}", check_cpus),
    ("time", "set a walltime: --time=HH:MM:SS", check_time),
    ("mem", "set the job's memory: --mem=1G", check_mem),
    ("job-name", None, check_name),
    ("nodes", None, lambda v: None if v in ("1", "1-1") else f"--nodes={v}: a Pool runs on one node"),
]


def ask_slurm(path):
    """Slurm's own verdict where one can be had, else why not."""
    skipped = "so Slurm was not asked (sbatch --test-only)"
    sbatch = shutil.which("sbatch")
    if not sbatch:
        return f"sbatch is not installed here, {skipped}"
    scontrol = shutil.which("scontrol")
    try:
        if scontrol:
            ping = subprocess.run([scontrol, "ping"], capture_output=True, text=True, timeout=5)
            if ping.returncode != 0 or " is UP" not in ping.stdout:
                return f"no Slurm controller answered `scontrol ping`, {skipped}"
        test = subprocess.run([sbatch, "--test-only", path], capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        return f"the Slurm controller did not answer in time, {skipped}"
    lines = (test.stdout + test.stderr).splitlines()
    said = [re.sub(r"^sbatch: ", "", l.strip()) for l in lines if l.strip()]
    last = said[-1] if said else f"exit status {test.returncode}"
    if test.returncode != 0:
        checklib.not_yet(f"sbatch --test-only refused it: {last}")
    return f"sbatch --test-only: {last}"


def main():
    path = checklib.learner_file()
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    found = directives(lines)
    for name, missing, check in CHECKS:
        if name not in found:
            if missing:
                checklib.not_yet(f"no #SBATCH --{name} line: {missing}")
            continue
        value, number = found[name]
        problem = check(value or "")
        if problem:
            checklib.not_yet(f"line {number}: {problem}")
    if not any("pool_pi.py" in l and not l.lstrip().startswith("#") for l in lines):
        checklib.not_yet("the script does not run pool_pi.py: keep the line python3 examples/pool_pi.py")
    print(ask_slurm(path))
    checklib.passed(f"one task with {CPUS} CPUs, --time={found['time'][0]}, --mem={found['mem'][0]}: "
                    "the job asks for what pool_pi.py will use")


if __name__ == "__main__":
    main()
