#!/usr/bin/env python3
"""Checks on rendered kustomize output and the compose file that schemas cannot express.
Prints PASS/FAIL lines; exit code = number of failures.

usage: check_manifests.py local RENDERED.yaml | production RENDERED.yaml | compose COMPOSE.yaml ENV_FILE
"""
import re
import sys

import yaml

failures = 0


def report(ok, name, why=""):
    global failures
    if ok:
        print(f"PASS {name}")
    else:
        failures += 1
        print(f"FAIL {name}: {why}")


def kube(overlay, path):
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d)
    workloads = by_kind.get("Deployment", []) + by_kind.get("StatefulSet", [])
    names = {w["spec"]["template"]["metadata"]["labels"].get("app.kubernetes.io/name") for w in workloads}
    for need in ("designer", "runtime", "gitea", "nginx", "redis"):
        report(need in names, f"{overlay}: workload app.kubernetes.io/name={need}", f"have {sorted(n for n in names if n)}")
    if overlay == "local":
        report("postgres" in names, "local: in-cluster postgres", str(names))
        report("oidc-mock" in names, "local: OIDC mock", str(names))
    else:
        report("postgres" not in names, "production: no in-cluster postgres (external database)", str(names))
        report("oidc-mock" not in names, "production: no OIDC mock", str(names))
    for d in docs:
        labels = d["metadata"].get("labels", {})
        report(labels.get("app.kubernetes.io/part-of") == "altinn-studio",
               f"{overlay}: {d['kind']}/{d['metadata']['name']} part-of=altinn-studio", str(labels))
        if d["kind"] != "Namespace":
            report(d["metadata"].get("namespace") == "altinn-studio",
                   f"{overlay}: {d['kind']}/{d['metadata']['name']} in namespace altinn-studio", str(d["metadata"].get("namespace")))
    for w in workloads:
        n = f"{overlay}: {w['kind']}/{w['metadata']['name']}"
        t = w["spec"]["template"]
        pod = t["spec"]
        sel = w["spec"]["selector"]["matchLabels"]
        report(all(t["metadata"]["labels"].get(k) == v for k, v in sel.items()), f"{n} selector matches its pods", str(sel))
        report(t["metadata"]["labels"].get("app.kubernetes.io/part-of") == "altinn-studio" and "app.kubernetes.io/name" in t["metadata"]["labels"],
               f"{n} pods labelled name + part-of", str(t["metadata"]["labels"]))
        psc = pod.get("securityContext", {})
        report(psc.get("runAsNonRoot") is True and psc.get("runAsUser", 0) != 0, f"{n} runs as non-root", str(psc))
        for c in pod["containers"]:
            cn = f"{n} container {c['name']}"
            report(bool(c.get("readinessProbe")) and bool(c.get("livenessProbe")), f"{cn} has readiness+liveness probes")
            r = c.get("resources", {})
            report(bool(r.get("requests", {}).get("cpu")) and bool(r.get("requests", {}).get("memory")) and bool(r.get("limits", {}).get("memory")),
                   f"{cn} has requests and a memory limit", str(r))
            sc = c.get("securityContext", {})
            report(sc.get("allowPrivilegeEscalation") is False and "ALL" in sc.get("capabilities", {}).get("drop", []),
                   f"{cn} drops capabilities, no privilege escalation", str(sc))
            img = c["image"]
            report(bool(re.match(r"^[a-z0-9.\-]+(:[0-9]+)?/[^:@]+[:@].+$", img)), f"{cn} image fully qualified with tag ({img})", img)
        # every referenced ConfigMap/Secret/PVC exists in the output
        refs = []
        for c in pod["containers"]:
            for e in c.get("envFrom", []):
                if "configMapRef" in e:
                    refs.append(("ConfigMap", e["configMapRef"]["name"]))
                if "secretRef" in e:
                    refs.append(("Secret", e["secretRef"]["name"]))
        for v in pod.get("volumes", []):
            if "configMap" in v:
                refs.append(("ConfigMap", v["configMap"]["name"]))
            if "persistentVolumeClaim" in v:
                refs.append(("PersistentVolumeClaim", v["persistentVolumeClaim"]["claimName"]))
        have = {(d["kind"], d["metadata"]["name"]) for d in docs}
        for ref in refs:
            report(ref in have, f"{n} references existing {ref[0]} {ref[1]}", "missing")
    # services select existing pods
    pod_labels = [w["spec"]["template"]["metadata"]["labels"] for w in workloads]
    for s in by_kind.get("Service", []):
        sel = s["spec"].get("selector", {})
        matched = any(all(l.get(k) == v for k, v in sel.items()) for l in pod_labels)
        if s["metadata"]["name"] == "runtime-app":
            report(not matched, f"{overlay}: Service runtime-app waits for the app's own pods")
        else:
            report(matched, f"{overlay}: Service {s['metadata']['name']} selects pods", str(sel))
    jobs = {j["metadata"]["name"]: j for j in by_kind.get("Job", [])}
    report("designer-migrations" in jobs, f"{overlay}: Job for the Designer's database migrations", str(list(jobs)))
    for j in jobs.values():
        pod = j["spec"]["template"]["spec"]
        report(pod.get("securityContext", {}).get("runAsNonRoot") is True, f"{overlay}: Job {j['metadata']['name']} runs as non-root")
        c = pod["containers"][0]
        refs = [("ConfigMap", e["configMapRef"]["name"]) for e in c.get("envFrom", []) if "configMapRef" in e]
        refs += [("Secret", e["valueFrom"]["secretKeyRef"]["name"]) for e in c.get("env", []) if "valueFrom" in e]
        have = {(d["kind"], d["metadata"]["name"]) for d in docs}
        for ref in refs:
            report(ref in have, f"{overlay}: Job references existing {ref[0]} {ref[1]}")
        if overlay == "production":
            db = [d for d in by_kind["ConfigMap"] if d["metadata"]["name"].startswith("designer-db")][0]["data"]
            report(db["PGHOST"] == "postgres.example.org", "production: migrations run against the external database")
    # the runtime's test data is the image's own: nothing mounted over /testdata
    for w in workloads:
        if w["metadata"]["name"] != "runtime":
            continue
        mounts = [m["mountPath"].rstrip("/") for c in w["spec"]["template"]["spec"]["containers"] for m in c.get("volumeMounts", [])]
        report("/testdata" not in mounts, f"{overlay}: nothing mounted over the runtime's /testdata (the image's test users)", str(mounts))
    # PVCs: gitea repositories + database
    pvcs = {p["metadata"]["name"] for p in by_kind.get("PersistentVolumeClaim", [])}
    report("gitea-repositories" in pvcs, f"{overlay}: PVC for Gitea's repositories", str(pvcs))
    if overlay == "local":
        sts = [w for w in by_kind.get("StatefulSet", []) if w["metadata"]["name"] == "postgres"]
        report(bool(sts and sts[0]["spec"].get("volumeClaimTemplates")), "local: PVC template for the database")
    # secrets: the local overlay renders the base's example values only (nothing real in git);
    # any other overlay takes them from env files outside git and must hold no example- value
    for s in by_kind.get("Secret", []):
        import base64
        vals = [base64.b64decode(v).decode() for v in s.get("data", {}).values()]
        vals += list(s.get("stringData", {}).values())
        if overlay == "local":
            secretish = [v for v in vals if not any(w in v for w in ("example", "designer", "gitea"))]
            report(not secretish, f"{overlay}: Secret {s['metadata']['name']} holds example values only", str(secretish))
        else:
            examples = [v for v in vals if "example-" in v]
            report(not examples, f"{overlay}: Secret {s['metadata']['name']} holds no example- value", str(examples))
    # images: outside local every image is pinned (no :latest, no missing tag), and the
    # overlay's pins take effect (the base renames the placeholders before the overlay runs)
    images = {}
    for w in workloads + by_kind.get("Job", []):
        for c in w["spec"]["template"]["spec"]["containers"]:
            images[c["name"]] = c["image"]
    if overlay != "local":
        for cname, img in sorted(images.items()):
            tag = img.rsplit("/", 1)[-1]
            report(":" in tag and not tag.endswith(":latest"), f"{overlay}: container {cname} image pinned, not :latest ({img})", img)
    if overlay == "production":
        report(images.get("designer") == "registry.example.org/altinn/designer:2026.1",
               "production: the Designer image pin takes effect", images.get("designer"))
        report(images.get("migrations", images.get("designer-migrations", "")).startswith("registry.example.org/altinn/designer-migrations:2026.1"),
               "production: the migrations image pin takes effect", str(images))
    # ingress
    ing = by_kind.get("Ingress", [])
    hosts = [r["host"] for i in ing for r in i["spec"]["rules"]]
    if overlay == "local":
        report(len(hosts) == 2, f"{overlay}: ingress for the Studio host and the Runtime host", str(hosts))
    else:
        # localtest signs in anyone as any test user: never on the public ingress
        report(len(hosts) == 1 and not hosts[0].startswith("runtime"), f"{overlay}: ingress for the Studio host only (localtest not public)", str(hosts))
    if overlay == "production":
        tls = [h for i in ing for t in i["spec"].get("tls", []) for h in t["hosts"]]
        report(sorted(tls) == sorted(hosts), "production: TLS for both hosts", f"{tls} vs {hosts}")
        reps = {w["metadata"]["name"]: w["spec"].get("replicas", 1) for w in workloads}
        report(reps.get("designer", 1) >= 2 and reps.get("nginx", 1) >= 2, "production: replicas for designer and nginx", str(reps))
        pdbs = {p["spec"]["selector"]["matchLabels"].get("app.kubernetes.io/name") for p in by_kind.get("PodDisruptionBudget", [])}
        report({"designer", "nginx"} <= pdbs, "production: disruption budgets for designer and nginx", str(pdbs))
        cm = [c for c in by_kind["ConfigMap"] if c["metadata"]["name"].startswith("designer-config")][0]
        report("postgres.example.org" in cm["data"]["PostgreSQLSettings__ConnectionString"], "production: Designer uses the external database")
        cm = [c for c in by_kind["ConfigMap"] if c["metadata"]["name"].startswith("gitea-config")][0]
        report(cm["data"]["GITEA__database__HOST"].startswith("postgres.example.org") and cm["data"]["GITEA__server__ROOT_URL"] == "https://studio.example.org/repos/",
               "production: Gitea uses the external database and its https ROOT_URL")
    else:
        svc = [s for s in by_kind["Service"] if s["metadata"]["name"] == "nginx"][0]
        report(svc["spec"].get("type", "ClusterIP") == "ClusterIP", "local: NGINX (and the OIDC mock behind it) not on a NodePort", str(svc["spec"]))
    # gitea: reverse-proxy auth, and a NetworkPolicy so only designer + nginx reach it
    cm = [c for c in by_kind["ConfigMap"] if c["metadata"]["name"].startswith("gitea-config")][0]["data"]
    report(cm.get("GITEA__service__ENABLE_REVERSE_PROXY_AUTHENTICATION") == "true" and cm.get("GITEA__security__REVERSE_PROXY_AUTHENTICATION_USER") == "X-WEBAUTH-USER",
           f"{overlay}: Gitea reverse-proxy authentication on X-WEBAUTH-USER")
    report(cm.get("GITEA__server__ROOT_URL", "").endswith("/repos/"), f"{overlay}: Gitea ROOT_URL under /repos/")
    trusted = cm.get("GITEA__security__REVERSE_PROXY_TRUSTED_PROXIES", "*")
    report("*" not in trusted and trusted, f"{overlay}: Gitea trusts X-WEBAUTH-USER only from private addresses ({trusted})")
    nps = by_kind.get("NetworkPolicy", [])
    def allowed(target):
        pols = [n for n in nps if n["spec"]["podSelector"]["matchLabels"].get("app.kubernetes.io/name") == target]
        return pols and {p["podSelector"]["matchLabels"]["app.kubernetes.io/name"] for n in pols for r in n["spec"]["ingress"] for p in r["from"]}
    report(allowed("gitea") == {"designer", "nginx"}, f"{overlay}: NetworkPolicy: only the Designer and NGINX reach Gitea", str(allowed("gitea")))
    report(allowed("designer") == {"nginx"}, f"{overlay}: NetworkPolicy: only NGINX reaches the Designer", str(allowed("designer")))
    report(allowed("redis") == {"designer"}, f"{overlay}: NetworkPolicy: only the Designer reaches Redis", str(allowed("redis")))
    # the NGINX template is the one from stack/nginx
    tmpl = [c for c in by_kind["ConfigMap"] if c["metadata"]["name"].startswith("nginx-templates")]
    report(bool(tmpl) and tmpl[0]["data"].get("default.conf.template") == open(TEMPLATE).read(),
           f"{overlay}: nginx ConfigMap carries stack/nginx/templates/default.conf.template verbatim")


def compose(path, env_path):
    doc = yaml.safe_load(open(path))
    services = doc["services"]
    for need in ("designer", "designer-migrations", "runtime", "gitea", "nginx", "postgres", "redis", "oidc-mock",
                 "pdf", "workflow-engine", "workflow-engine-db"):
        report(need in services, f"compose: service {need}")
    # the runtime starts by default; the Designer's parts and the workflow engine by profile
    profiles = {n: tuple(s.get("profiles", [])) for n, s in services.items()}
    report(all(profiles[n] == () for n in ("nginx", "runtime", "pdf")), "compose: nginx, runtime, pdf have no profile (the default)", str(profiles))
    report(all(profiles[n] == ("studio",) for n in ("designer", "designer-migrations", "gitea", "postgres", "redis", "oidc-mock")),
           "compose: the Designer, Gitea, their database, Redis, OIDC mock only with the studio profile", str(profiles))
    report(all(profiles[n] == ("workflow-engine",) for n in ("workflow-engine", "workflow-engine-db")), "compose: the workflow engine by its profile")
    default = [n for n, p in profiles.items() if p == ()]
    for n in default:
        for d in services[n].get("depends_on", {}):
            report(profiles.get(d) == (), f"compose: default service {n} depends only on default services ({d})")
    targets = [str(v).split(":")[1] if ":" in str(v) else "" for v in services["runtime"].get("volumes", [])]
    report("/testdata" not in [t.rstrip("/") for t in targets], "compose: nothing mounted over the runtime's /testdata (the image's test users)", str(targets))
    report(services["nginx"].get("sysctls", {}).get("net.ipv4.ip_unprivileged_port_start") in ("0", 0),
           "compose: the unprivileged nginx may listen on port 80")
    report(services["designer"]["depends_on"].get("designer-migrations", {}).get("condition") == "service_completed_successfully",
           "compose: the Designer starts after its migrations completed")
    published = {n: s.get("ports", []) for n, s in services.items() if s.get("ports")}
    report(sorted(published) == ["nginx", "pdf", "runtime", "workflow-engine"] and len(published["nginx"]) == 1,
           "compose: one entry (nginx); localtest 5101, pdf 5300 and the workflow engine 9090 for dotnet-run apps", str(published))
    for n, ports in published.items():
        for p in ports:
            report(str(p).startswith("127.0.0.1:"), f"compose: {n} publishes on loopback only ({p})")
    for n in ("designer", "gitea", "nginx", "postgres", "redis", "workflow-engine-db"):
        report("healthcheck" in services[n], f"compose: {n} has a health check")
    # Gitea trusts X-WEBAUTH-USER: only the Designer and NGINX share a network with it, and
    # its networks are internal (issue 15, medium 7)
    nets = doc.get("networks", {})
    def nets_of(s):
        n = services[s].get("networks", ["default"])
        return set(n) if isinstance(n, list) else set(n)
    gnets = nets_of("gitea")
    report("default" not in gnets and gnets and all(nets.get(n, {}).get("internal") is True for n in gnets),
           f"compose: gitea only on internal networks ({sorted(gnets)})")
    reach = {s for s in services if s != "gitea" and nets_of(s) & gnets}
    report(reach <= {"designer", "nginx", "postgres"} and {"designer", "nginx"} <= reach,
           f"compose: only the Designer and NGINX (and its database) share a network with gitea ({sorted(reach)})")
    for n in gnets:
        members = {s for s in services if s != "gitea" and n in nets_of(s)}
        report(members in ({"designer", "nginx"}, {"postgres"}), f"compose: network {n} holds gitea with {sorted(members)} only")
    vols = doc.get("volumes", {})
    for n, s in services.items():
        for v in s.get("volumes", []):
            src = v.split(":")[0]
            if not src.startswith("."):
                report(src in vols, f"compose: {n} uses named volume {src}")
    env = dict(l.split("=", 1) for l in open(env_path).read().splitlines() if l and not l.startswith("#"))
    for n, s in services.items():
        m = re.fullmatch(r"\$\{(\w+)(:-[\w.:/-]+)?\}", s["image"])
        report(bool(m) and m.group(1) in env, f"compose: {n} image comes from .env ({s['image']})")
        if m and profiles[n] != ("studio",):
            report(env.get(m.group(1), "").count(":") >= 1 and "/" in env.get(m.group(1), ""),
                   f"compose: {n} has a public image with a tag in .env ({env.get(m.group(1))})")
        for d in s.get("depends_on", {}):
            report(d in services, f"compose: {n} depends on existing service {d}")


TEMPLATE = None
if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "compose":
        compose(sys.argv[2], sys.argv[3])
    else:
        TEMPLATE = sys.argv[3]
        kube(kind, sys.argv[2])
    sys.exit(failures)
