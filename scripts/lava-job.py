#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The LAVA jobs of scripts/lava, and what their runs say.

  lava-job.py write DIR TEMPLATES ARCH KERNEL RAMDISK CMDLINE
      write DIR/qemu-job.yaml, DIR/board-job.yaml (both checked with
      lava_common's schema, as a server does) and DIR/device.yaml (the
      device rendered from lava-server's qemu.jinja2 in TEMPLATES)
  lava-job.py check DIR ARCH RC
      compare the results lava-run logged (DIR/lava-run.log, exit status
      RC) with the KTAP the guest printed in the same log

check prints one "ok - ..." or "not ok - ..." line per check.
"""
import re
import sys

import jinja2
import yaml
from lava_common.schemas import validate

# One LAVA test case per KTAP result line of the selftest.  LAVA's monitor
# takes one pattern whose "result" group fixupdict maps: "not ok" is a
# failure, "ok" a pass, and a line with a SKIP directive captures the
# empty string (the lookahead), which maps to skip.  A result line starts
# a line (not "# ... ok 3 ..." nor an indented subtest) and must end
# there, so that a name is never taken from half a line (in "\r\r\n":
# the guest's tty and the pty LAVA runs QEMU on each add a \r).
KTAP_PATTERN = (r"(?<![^\n])(?P<result>not ok|ok(?! \d+ \S+ # (?i:skip))|"
                r"(?=ok \d+ \S+ # (?i:skip)))(?:ok)? \d+ (?P<test_case_id>[^\s#]+)"
                r"(?: # [^\r\n]*)?\r*\n")
KTAP_FIXUP = {"ok": "pass", "not ok": "fail", "": "skip"}
# What the kernel prints when something went wrong, as scripts/test looks
# for it (at the start of a line, after the time and caller when
# CONFIG_PRINTK_TIME and PRINTK_CALLER add them): each such line of the
# guest's dmesg dump a failed case named for its kind (KASAN, KCSAN,
# KFENCE and lockdep reports begin with "BUG:" or "WARNING:"); a kmemleak
# line counts only when it found leaks.
KERNEL_REPORTS = ("WARNING", "BUG", "Oops", "kernel BUG at", "Unable to handle kernel",
                  "general protection fault", "UBSAN", "INFO: task")
KERNEL_PATTERN = (r"(?<![^\n])(?:\[ *\d+\.\d+\] )?(?:\[ *[CT]\d+\] )?"
                  r"(?P<test_case_id>(?P<result>" + "|".join(KERNEL_REPORTS) +
                  r"|kmemleak(?=: \d+ new suspected)))[: ]")
KERNEL_FIXUP = {k: "fail" for k in KERNEL_REPORTS + ("kmemleak",)}

# LAVA's name of each arch, and the CPU where the template's default does
# not do: arm64 keeps its cortex-a57 (no LPA2, 48-bit VAs, as most arm64
# machines), arm needs a 32-bit CPU; x86_64 on TCG runs QEMU's default
# (qemu64: 4-level paging).  No KVM here; a worker with KVM may drop
# no_kvm.
CONTEXT = {
    "x86_64": {"arch": "x86_64"},
    "i386": {"arch": "i386"},
    "arm64": {"arch": "arm64"},
    "arm": {"arch": "arm", "cpu": "cortex-a15"},
    "riscv64": {"arch": "riscv64"},
}


def monitors():
    return [
        {"name": "vm_layout", "start": "### TAP BEGIN", "end": "### TAP END",
         "pattern": KTAP_PATTERN, "fixupdict": KTAP_FIXUP},
        {"name": "kernel-messages", "start": "### DMESG BEGIN", "end": "### DMESG END",
         "pattern": KERNEL_PATTERN, "fixupdict": KERNEL_FIXUP},
    ]


def job(arch, device_type, context, deploy, boot, name):
    return {
        "device_type": device_type,
        "job_name": "vmsplit: mm vm_layout kselftest, %s (%s)" % (arch, name),
        "timeouts": {"job": {"minutes": 20}, "action": {"minutes": 15},
                     "connection": {"minutes": 5}},
        "priority": "medium",
        "visibility": "public",
        **({"context": context} if context else {}),
        "actions": [
            {"deploy": deploy},
            {"boot": boot},
            {"test": {"timeout": {"minutes": 15}, "monitors": monitors()}},
        ],
    }


def dump(doc):
    """YAML as a person writes it: the empty key of a fixupdict plainly."""
    text = yaml.safe_dump(doc, sort_keys=False, width=1000)
    text = re.sub(r"\? ''\n( *): ", r"'': ", text)
    assert yaml.safe_load(text) == doc
    return text


KERNEL_TYPE = {"x86_64": None, "i386": None, "arm": "zimage", "arm64": "image",
               "riscv64": "image"}


def write(out, templates, arch, kernel, ramdisk, cmdline):
    context = dict(CONTEXT[arch], memory=1024, no_kvm=True, extra_options=["-no-reboot"])
    qemu_job = job(arch, "qemu", context, {
        "to": "tmpfs",
        "timeout": {"minutes": 5},
        "images": {
            "kernel": {"image_arg": "-kernel {kernel} -append \"%s\"" % cmdline,
                       "url": "file://" + kernel},
            "ramdisk": {"image_arg": "-initrd {ramdisk}", "url": "file://" + ramdisk},
        },
    }, {"method": "qemu", "media": "tmpfs", "timeout": {"minutes": 10}}, "QEMU")
    # A board: tftp, then u-boot (ipxe on a PC); the device gives the
    # console=, the job adds the test's arguments.
    deploy = {"to": "tftp", "timeout": {"minutes": 10},
              "kernel": {"url": "KERNEL_URL"},
              "ramdisk": {"url": "RAMDISK_URL", "compression": "gz"}}
    if KERNEL_TYPE[arch]:
        deploy["kernel"]["type"] = KERNEL_TYPE[arch]
        deploy["dtb"] = {"url": "DTB_URL"}
    boot = {"method": "u-boot" if KERNEL_TYPE[arch] else "ipxe", "commands": "ramdisk",
            "timeout": {"minutes": 10}}
    board_job = job(arch, "BOARD_DEVICE_TYPE", {"extra_kernel_args": cmdline.split(" ", 1)[1]},
                    deploy, boot, "a board")
    for doc in (qemu_job, board_job):
        # what a LAVA server checks at submission
        validate(doc, strict=True)
    with open(out + "/qemu-job.yaml", "w") as f:
        f.write("# LAVA v2 job: scripts/lava wrote it; change the file:// URLs\n"
                "# to where a LAVA QEMU worker can fetch the kernel and ramdisk.\n")
        f.write(dump(qemu_job))
    with open(out + "/board-job.yaml", "w") as f:
        f.write("# LAVA v2 job for a real board: replace BOARD_DEVICE_TYPE and the\n"
                "# *_URL placeholders; the ramdisk is the QEMU job's.\n")
        f.write(dump(board_job))
    # The device as a LAVA server renders it for this job: the stock
    # qemu.jinja2, extended by a device dictionary that sets nothing,
    # with the job's context.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates),
                             trim_blocks=True, autoescape=False)
    device = env.from_string("{% extends 'qemu.jinja2' %}\n").render(**context)
    yaml.safe_load(device)
    with open(out + "/device.yaml", "w") as f:
        f.write(device)


def log_records(path):
    """lava-run's log: one YAML mapping per line."""
    records = []
    for line in open(path, errors="replace"):
        if not line.startswith("{"):
            continue
        try:
            rec = yaml.safe_load(line)
        except yaml.YAMLError:
            continue
        if isinstance(rec, dict):
            records.append(rec)
    return records


def guest_ktap(target):
    """The guest's own KTAP lines (as LAVA names its cases) and its plan."""
    m = re.search(r"### TAP BEGIN\n(.*?)(?:### TAP END|\Z)", target, re.S)
    ktap = m.group(1) if m else ""
    guest = []
    for line in ktap.splitlines():
        t = re.match(r"(not ok|ok) \d+ ([^\s#]+)( # (?i:skip))?", line)
        if t:
            guest.append((re.sub(r"\W+", "_", t.group(2).lower()),
                          "skip" if t.group(3) else "fail" if t.group(1) == "not ok"
                          else "pass"))
    plan = re.search(r"^1\.\.(\d+)$", ktap, re.M)
    return ktap, guest, int(plan.group(1)) if plan else None


def check(out, arch, rc):
    ok = lambda c, w: print(("ok" if c else "not ok") + " - " + w)
    rc = int(rc)
    recs = log_records(out + "/lava-run.log")
    results = [r["msg"] for r in recs if r.get("lvl") == "results" and
               isinstance(r.get("msg"), dict)]
    job_result = [r for r in results if r.get("definition") == "lava" and
                  r.get("case") == "job"]
    # the monitors (one action) saw their end lines: one that times out
    # does not fail the job
    monitors_ok = [r.get("result") == "pass" and r.get("extra", {}).get("status") == "passed"
                   for r in results if r.get("case") == "lava-test-monitor"]
    cases = [(r["case"], r["result"]) for r in results if r.get("definition") == "vm_layout"]
    kernel = [r["case"] for r in results if r.get("definition") == "kernel-messages"]
    target = "\n".join(str(r["msg"]) for r in recs if r.get("lvl") == "target")
    ktap, guest, plan = guest_ktap(target)
    complete = rc == 0 and job_result and job_result[-1].get("result") == "pass"
    if not complete:
        why = job_result[-1].get("error_msg", "?") if job_result else "no job result"
        panic = re.search(r"Kernel panic[^\n]*", target)
        ok(False, "the LAVA job completes (lava-run exit %d: %s%s; %d of %s cases recorded)"
           % (rc, why, "; the guest: " + panic.group(0) if panic else "", len(cases),
              plan if plan is not None else "?"))
        return
    # what came after the last monitor's end may be logged as feedback
    seen = "\n".join(str(r["msg"]) for r in recs if r.get("lvl") in ("target", "feedback"))
    ok(monitors_ok == [True] and "### TAP END" in seen and "### DMESG END" in seen,
       "the LAVA job completes, each monitor from its start line to its end line")
    counts = {k: sum(1 for _, r in cases if r == k) for k in ("pass", "fail", "skip")}
    ok(guest and cases == guest and plan == len(cases),
       "one LAVA case per KTAP line, each with its result, as many as the plan (%d of %s: "
       "%d pass, %d fail, %d skip)" % (len(cases), plan, counts["pass"], counts["fail"],
                                       counts["skip"]))
    if cases != guest:
        for i, (c, g) in enumerate(zip(cases, guest)):
            if c != g:
                print("#   case %d: LAVA %s, guest %s" % (i, c, g))
                break
        print("#   LAVA %d cases, guest %d" % (len(cases), len(guest)))
    totals = re.search(r"# Totals: pass:(\d+) fail:(\d+) xfail:\d+ xpass:\d+ skip:(\d+) "
                       r"error:(\d+)", ktap)
    ok(totals and (int(totals.group(1)), int(totals.group(2)) + int(totals.group(4)),
                   int(totals.group(3))) == (counts["pass"], counts["fail"], counts["skip"]),
       "LAVA's counts are the selftest's own totals (%s)" %
       (totals.group(0) if totals else "no '# Totals' line"))
    failed = [c for c, r in cases if r == "fail"]
    ok(not failed, "no LAVA case failed" + (" (%s)" % ", ".join(failed) if failed else ""))
    ok(not kernel, "no kernel report in the guest's dmesg" +
       (" (%s)" % ", ".join(kernel) if kernel else ""))


if __name__ == "__main__":
    if len(sys.argv) == 8 and sys.argv[1] == "write":
        write(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "check":
        check(*sys.argv[2:])
    else:
        sys.exit(__doc__)
