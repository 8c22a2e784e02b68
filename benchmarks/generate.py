"""Generate realistic synthetic needs and offers at any size, in the interchange format.

Texts are drawn from a field vocabulary per topic (in English, French and Spanish), States from
the reference data, eligibility from real M49 areas and groups; the same seed gives the same
records. Usage: ``python -m benchmarks.generate --needs 1000 --offers 1000 --out DIR``.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from seed_data import reference

PHRASES: dict[str, dict[str, list[str]]] = {
    "incident-response": {
        "en": ["set up a national CSIRT", "incident handling procedures for our CERT",
               "malware analysis capability", "24/7 incident response team", "triage of reported incidents"],
        "fr": ["mise en place d'une équipe de réponse aux incidents", "procédures de gestion des incidents du CERT national",
               "capacité d'analyse des logiciels malveillants"],
        "es": ["creación de un equipo de respuesta a incidentes", "procedimientos de gestión de incidentes del CSIRT",
               "capacidad de análisis de malware"],
    },
    "critical-infrastructure": {
        "en": ["protect critical information infrastructure", "risk assessment of energy and water utilities",
               "security of industrial control systems", "list of operators of essential services"],
        "fr": ["protection des infrastructures critiques", "évaluation des risques des opérateurs d'énergie"],
        "es": ["protección de la infraestructura crítica", "seguridad de sistemas de control industrial"],
    },
    "cybercrime-legislation": {
        "en": ["draft a cybercrime law aligned with the Budapest Convention", "review of our computer misuse act",
               "procedural powers for electronic evidence"],
        "fr": ["rédaction d'une loi sur la cybercriminalité", "adhésion à la Convention de Budapest"],
        "es": ["redacción de una ley de ciberdelitos", "adhesión al Convenio de Budapest"],
    },
    "national-strategy": {
        "en": ["write our first national cybersecurity strategy", "costed action plan for the strategy",
               "governance of the national cybersecurity agency"],
        "fr": ["élaboration de la stratégie nationale de cybersécurité", "plan d'action chiffré"],
        "es": ["elaboración de la estrategia nacional de ciberseguridad", "plan de acción presupuestado"],
    },
    "awareness": {
        "en": ["awareness campaign for small businesses", "online safety for schools", "phishing awareness for civil servants"],
        "fr": ["campagne de sensibilisation du grand public", "sécurité en ligne dans les écoles"],
        "es": ["campaña de sensibilización ciudadana", "seguridad en línea en las escuelas"],
    },
    "law-enforcement": {
        "en": ["digital forensics training for police", "mobile phone extraction lab", "cybercrime unit investigators"],
        "fr": ["formation en criminalistique numérique pour la police", "unité de lutte contre la cybercriminalité"],
        "es": ["formación en informática forense para la policía", "unidad de delitos informáticos"],
    },
    "professional-training": {
        "en": ["certification courses for SOC analysts", "train the trainers programme", "security operations centre staff"],
        "fr": ["formation certifiante pour les analystes du SOC", "formation de formateurs"],
        "es": ["cursos de certificación para analistas del SOC", "formación de formadores"],
    },
    "norms-implementation": {
        "en": ["implement the UN norms of responsible State behaviour", "national survey of implementation"],
        "fr": ["mise en œuvre des normes de comportement responsable des États"],
        "es": ["aplicación de las normas de comportamiento responsable de los Estados"],
    },
    "internet-resilience": {
        "en": ["resilience of the internet exchange point", "DNS and routing security", "submarine cable redundancy"],
        "fr": ["résilience du point d'échange Internet", "sécurité du DNS et du routage"],
        "es": ["resiliencia del punto de intercambio de Internet", "seguridad del DNS y del enrutamiento"],
    },
    "data-protection": {
        "en": ["data protection authority set-up", "privacy law implementation"],
        "fr": ["création de l'autorité de protection des données"],
        "es": ["creación de la autoridad de protección de datos"],
    },
}  # fmt: skip
CONTEXT = {
    "en": ["Our ministry has two staff for this.", "We have no budget line for it in 2027.",
           "A recent incident showed the gap.", "Several agencies share the responsibility."],
    "fr": ["Notre ministère dispose de deux agents.", "Un incident récent a montré la lacune."],
    "es": ["Nuestro ministerio cuenta con dos funcionarios.", "Un incidente reciente mostró la carencia."],
}  # fmt: skip
SUPPORT = ["training", "technical-assistance", "advisory", "equipment", "funding", "exercises",
           "fellowships", "research"]  # fmt: skip
ELIGIBLE = [[], [], [], ["SIDS"], ["LDC"], ["LLDC"], ["Africa"], ["Western Africa"], ["Caribbean"],
            ["Latin America and the Caribbean"], ["South-eastern Asia"], ["Oceania"],
            ["Eastern Europe", "Central Asia"]]  # fmt: skip
PROVIDER_TYPES = ["state", "business", "ngo", "academia", "intergovernmental", "other"]


def _window(rng: random.Random) -> tuple[str | None, str | None]:
    if rng.random() < 0.35:
        return None, None
    start = date(2027, 1, 1) + timedelta(days=rng.randrange(0, 700))
    return start.isoformat(), (start + timedelta(days=rng.randrange(30, 400))).isoformat()


def _text(rng: random.Random, lang: str, topics: list[str]) -> tuple[str, str]:
    phrases = [rng.choice(PHRASES[t].get(lang) or PHRASES[t]["en"]) for t in topics]
    title = phrases[0][:1].upper() + phrases[0][1:]
    body = (
        "; ".join(phrases)
        + ". "
        + " ".join(rng.sample(CONTEXT[lang], k=min(2, len(CONTEXT[lang]))))
    )
    return title[:200], body


def needs(n: int, seed: int = 1) -> list[dict[str, Any]]:
    """``n`` need records."""
    rng = random.Random(seed)
    codes = sorted(reference.states())
    out = []
    for i in range(n):
        lang = rng.choices(["en", "fr", "es"], weights=[6, 2, 2])[0]
        topics = rng.sample(sorted(PHRASES), k=rng.choice([1, 1, 2]))
        title, body = _text(rng, lang, topics)
        start, end = _window(rng)
        out.append({
            "ref": f"GN-{i:06d}", "state": rng.choice(codes), "title": title, "description": body,
            "topics": topics if rng.random() < 0.7 else [],
            "support_types": rng.sample(SUPPORT, k=rng.choice([0, 1, 2])),
            "languages": [lang] if lang == "en" or rng.random() < 0.5 else [lang, "en"],
            "modality": rng.choice(["any", "any", "remote", "in_person", "hybrid"]),
            "start": start, "end": end, "priority": rng.choice(["high", "medium", "medium", "low"]),
            "confidential": rng.random() < 0.1,
        })  # fmt: skip
    return out


def offers(n: int, seed: int = 2) -> list[dict[str, Any]]:
    """``n`` offer records from about n/8 providers."""
    rng = random.Random(seed)
    codes = sorted(reference.states())
    providers = [
        (f"Provider {p:05d}", PROVIDER_TYPES[p % len(PROVIDER_TYPES)], rng.choice([None, *codes]))
        for p in range(max(1, n // 8))
    ]
    out = []
    for i in range(n):
        lang = rng.choices(["en", "fr", "es"], weights=[7, 2, 1])[0]
        topics = rng.sample(sorted(PHRASES), k=rng.choice([1, 2, 2, 3]))
        title, body = _text(rng, lang, topics)
        start, end = _window(rng)
        name, kind, country = rng.choice(providers)
        out.append({
            "ref": f"GO-{i:06d}", "provider": name, "provider_type": kind,
            "provider_country": None if kind == "intergovernmental" else country,
            "title": title, "description": body,
            "topics": topics if rng.random() < 0.8 else [],
            "support_types": rng.sample(SUPPORT, k=rng.choice([1, 1, 2])),
            "languages": sorted({lang, *rng.sample(["en", "fr", "es"], k=rng.choice([0, 1]))}),
            "modality": rng.choice(["any", "remote", "in_person", "hybrid"]),
            "start": start, "end": end, "eligible": rng.choice(ELIGIBLE),
            "capacity": rng.choice([1, 1, 2, 3, 5, 10]),
        })  # fmt: skip
    return out


def write(directory: Path, n_needs: int, n_offers: int) -> tuple[Path, Path]:
    """Write needs.json and offers.json into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = directory / "needs.json", directory / "offers.json"
    paths[0].write_text(json.dumps(needs(n_needs), ensure_ascii=False), encoding="utf-8")
    paths[1].write_text(json.dumps(offers(n_offers), ensure_ascii=False), encoding="utf-8")
    return paths


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--needs", type=int, default=1000)
    parser.add_argument("--offers", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    for path in write(args.out, args.needs, args.offers):
        print(path)


if __name__ == "__main__":
    main()
