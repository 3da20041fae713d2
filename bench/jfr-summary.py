#!/usr/bin/env python3
"""Summarises the CPU samples of a Java Flight Recorder file (bench/run.sh with BENCH_JFR=1).

    bench/jfr-summary.py recording.jfr [top]

Prints where the samples fall by layer (a sample counts for every layer that is on its stack), then
the hottest methods by self time and by inclusive time (a method counts once per sample).
"""
import collections
import json
import subprocess
import sys

LAYERS = [
    ("registry code", ("org.sregistry.",)),
    ("JDBC driver (H2, MariaDB)", ("org.h2.", "org.mariadb.")),
    ("connection pool (Payara)", ("com.sun.enterprise.resource.", "com.sun.gjc.")),
    ("JPA (EclipseLink)", ("org.eclipse.persistence.",)),
    ("transactions (JTA)", ("com.sun.enterprise.transaction.", "com.sun.jts.")),
    ("EJB container", ("com.sun.ejb.",)),
    ("CDI (Weld)", ("org.jboss.weld.",)),
    ("security (Soteria, JASPIC)", ("org.glassfish.soteria.", "com.sun.enterprise.security.", "org.glassfish.epicyro.",
                                    "com.sun.web.security.")),
    ("JAX-RS (Jersey)", ("org.glassfish.jersey.",)),
    ("JSON (Yasson, Parsson)", ("org.eclipse.yasson.", "org.eclipse.parsson.", "org.glassfish.json.")),
    ("MicroProfile Config", ("fish.payara.nucleus.microprofile.config.", "io.smallrye.config.")),
    ("servlet container", ("org.apache.catalina.", "org.glassfish.grizzly.", "com.sun.enterprise.web.")),
    ("logging", ("java.util.logging.", "fish.payara.logging.", "com.sun.enterprise.server.logging.")),
]


def frames_of(event):
    st = event.get("values", {}).get("stackTrace") or {}
    out = []
    for f in st.get("frames", []):
        m = f.get("method", {})
        # JFR names types in internal form (java/lang/String): written with dots, as in the sources
        out.append(f"{m.get('type', {}).get('name', '?').replace('/', '.')}.{m.get('name', '?')}")
    return out


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "1024", "--events", "jdk.ExecutionSample", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    stacks = [frames_of(e) for e in events]
    stacks = [s for s in stacks if s]
    n = len(stacks)
    print(f"{n} CPU samples in {path}")
    if not n:
        return
    print("\nby layer (share of samples with the layer on the stack):")
    for name, prefixes in LAYERS:
        k = sum(1 for s in stacks if any(f.startswith(prefixes) for f in s))
        print(f"  {100 * k / n:5.1f}%  {name}")
    self_counts = collections.Counter(s[0] for s in stacks)
    print(f"\nhottest methods, self:")
    for m, k in self_counts.most_common(top):
        print(f"  {100 * k / n:5.1f}%  {m}")
    incl = collections.Counter()
    for s in stacks:
        incl.update(set(s))
    print(f"\nhottest registry methods, inclusive:")
    for m, k in [x for x in incl.most_common() if x[0].startswith("org.sregistry.")][:top]:
        print(f"  {100 * k / n:5.1f}%  {m}")
    print(f"\nhottest methods, inclusive:")
    for m, k in incl.most_common(top):
        print(f"  {100 * k / n:5.1f}%  {m}")


if __name__ == "__main__":
    main()
