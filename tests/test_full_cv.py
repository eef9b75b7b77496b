"""The full CV of the seed profile: every fact in the text layer, in order."""

import pytest

MODELS = [
    ("SDXL", "Lead author", "2023"), ("CosXL", "Creator", "2023"), ("Control-LoRAs", "Creator", "2023"),
    ("Stable Video Diffusion", "Contributor", "2023"), ("SD3", "Contributor", "2024"),
    ("FLUX.1", "Core contributor", "2024"), ("FLUX.1.1", "Contributor", "2024"),
    ("Flux Tools", "Contributor", "2025"), ("Flux Ultra", "Creator", "2025"),
    ("Kontext", "Project lead", "2025"), ("FLUX.2", "Core contributor", "2025"), ("Klein", "Contributor", "2025"),
]


def test_header(full):
    assert full.text.startswith("Dustin Podell Builds generative models that actually ship.")
    assert full.contains_in_order(
        "Co-founder at Black Forest Labs. Lead author of SDXL. Creator of Kontext.",
        "Core contributor to the FLUX model family.",
        "Self-taught, 12+ production models, and a pattern of finding the highest-leverage research "
        "direction in the room and executing it into something real.")


def test_about(full):
    assert full.contains_in_order(
        "About",
        "Generative AI researcher and engineer who consistently identifies high-leverage research",
        "which raised a $300M Series B at a $3.25B valuation",
        "Created Kontext, designing in-context image editing with a two-person core R&D team over roughly two months.",
        "Core contributor across the FLUX.1 and FLUX.2 model lines.",
        "transformer architectures (MM-DiT, DiT), large-scale distributed training",
        "The common thread is leverage — finding the few design decisions",
        "Came into machine learning without a formal degree",
        "seven years across visual effects, media production, and software development",
        "aesthetic quality and practical execution speed.")


def test_headline_figures(full):
    assert full.contains_in_order("At a glance", "12+", "Models shipped", "to production",
                                  "SDXL · Kontext", "Lead roles", "4,000+", "Citations", "SDXL alone",
                                  "Self-taught", "Path", "no formal degree")


@pytest.mark.parametrize("name,role,year", MODELS)
def test_each_model_with_role_and_year(full, name, role, year):
    assert full.contains_in_order("Shipped models", f"{name} · {role}", year)


def test_models_in_order_with_descriptions(full):
    assert full.contains_in_order("Shipped models", *[m[0] for m in MODELS])
    assert not full.missing(
        "Dual text encoders, multi-aspect training, two-stage refinement. ICLR '24 Spotlight, 4,000+ citations.",
        "A small, precise intervention with outsized visual impact.",
        "Made fine-grained control practical and accessible.",
        "Extended latent diffusion into the temporal domain for video generation.",
        "ICML '24 Best Paper. Directly informed the Flux MM-DiT design.",
        "Shipped dev, schnell, and pro in four months.",
        "Continued iteration on Flux quality, behavior, and deployment characteristics.",
        "tooling, not just flagships.",
        "The premium end of the Flux line.",
        "Core R&D: 2 people, ~2 months. Introduced KontextBench.",
        "Extended the Kontext line into the model stack itself.",
        "Rounds out the family from the deployment end.")


def test_experience_black_forest_labs(full):
    assert full.contains_in_order(
        # every entry alike: the organisation, its dates beside it, the role and place below
        "Experience", "Black Forest Labs", "2024 – Present",
        "Co-Founder & Research Scientist · San Francisco / Freiburg", "$300M Series B at $3.25B valuation",
        "Multi-modal research: representation learning and omni-model architectures across image, video, audio, and text.",
        "Project lead on Kontext — in-context image editing via sequence concatenation on a 12B Flux transformer.",
        "Introduced KontextBench (1,026 pairs, 5 task categories).",
        "Core contributor to FLUX.1: a 12B MM-DiT with rectified flow matching, 3D RoPE, and guidance distillation, "
        "shipped across dev/schnell/pro in four months.",
        "Core contributor to FLUX.2: native multi-reference and editing capabilities in pretraining",
        "Creator of Flux Ultra (ultra-high-quality generation) and contributor to Klein (efficient small-scale inference).",
        "Recent published work: Self-Flow, a self-supervised flow matching framework with 2.8× faster convergence.")


def test_experience_stability(full):
    assert full.contains_in_order(
        "Stability AI", "2022 – 2024", "Applied Model Lead · Los Angeles / Remote",
        "Promoted from ML Engineer to Lead in 8 months",
        "Lead author of SDXL — dual text encoders (CLIP ViT-L + OpenCLIP ViT-bigG), multi-aspect training with "
        "micro-conditioning, two-stage refinement pipeline. ICLR 2024 Spotlight. 4,000+ citations.",
        "Created CosXL: cosine-scheduled noise scaling and v-prediction for improved color accuracy and quality.",
        "Created Control-LoRAs: depth, canny, and pose conditioning as lightweight adapters.",
        "Contributed to Stable Video Diffusion and SD3 / Scaling Rectified Flow Transformers (ICML 2024 Best Paper).")


def test_experience_before_ml(full):
    assert full.contains_in_order(
        "Self-Directed ML Research", "2021 – 2022", "Los Angeles, CA",  # no role: the place alone below
        "Taught himself deep learning and generative modeling from scratch — diffusion models, UNet architectures, "
        "training methodology — through hands-on implementation, tinkering, and open-source mentorship. "
        "No formal degree or coursework.",
        "Technical Roles — VFX, Media Production, Software", "2015 – 2021", "Los Angeles, CA",
        "Seven years of technical problem-solving across complex production environments.",
        "that later translated unusually well to ML research.")


def test_publications(full):
    assert full.contains_in_order(
        "Publications",
        "SDXL: Improving Latent Diffusion Models for High-Resolution Image Synthesis", "2024",
        "Dustin Podell, Zion English, Kyle Lacey, Andreas Blattmann, Tim Dockhorn, Jonas Müller, Joe Penna, Robin Rombach",
        "ICLR · Spotlight · Lead author · arXiv:2307.01952",
        "Scaling Rectified Flow Transformers for High-Resolution Image Synthesis", "2024",
        "Patrick Esser, Sumith Kulal", "Frederic Boesel, Dustin Podell, Tim Dockhorn", "Yannik Marek, Robin Rombach",
        "ICML · Best Paper Award · Contributor · arXiv:2403.03206",
        # a title of two lines has its date read first (with its first line: flowables.Row.draw)
        "2025", "FLUX.1 Kontext: Flow Matching for In-Context Image Generation and Editing in Latent Space",
        "Black Forest Labs, Stephen Batifol, …, Dustin Podell, …, Luke Smith",
        "Preprint · Project lead · arXiv:2506.15742",
        "Self-Flow: Self-Supervised Flow Matching for Scalable Multi-Modal Synthesis",
        "Preprint · Author · arXiv:2603.06507")


def test_owner_is_bold_in_author_lists(full):
    """The owner's name is set in the bold face inside the (regular) author lists."""
    bold_runs = []
    for page in full.pages:
        def visit(text, cm, tm, font, size):
            if font and "Bold" in str(font.get("/BaseFont")) and text.strip():
                bold_runs.append(text.strip())
        page.extract_text(visitor_text=visit)
    assert bold_runs.count("Dustin Podell") >= 3  # SDXL, SD3, Kontext author lists
    assert "Zion English" not in bold_runs


def test_technical_focus(full):
    assert full.contains_in_order(
        "Technical focus", "Diffusion & flow matching", "MM-DiT / DiT architectures", "Rectified flow",
        "Representation learning", "Large-scale GPU training", "Data curation & filtering", "In-context learning",
        "Multi-modal architectures", "LoRA & adapter methods", "Progressive curriculum design")


def test_trajectory(full):
    assert full.contains_in_order(
        "Trajectory",
        "2015 – 2021", "Seven years across VFX, media production, and software.",
        "2021 – 2022", "Pivoted into self-directed ML research.",
        "driven by conviction that generative models were the frontier worth investing in.",
        "2022 – 2024", "Joined Stability AI, quickly became lead author of SDXL, and was promoted to Applied Model "
        "Lead within eight months.",
        "2024 – Present", "Co-founded Black Forest Labs. Led Kontext, contributed to the FLUX model family, and "
        "continues pushing multi-modal research at the frontier.")


def test_no_invented_contact_details(full):
    assert "@" not in full.text
    assert not any(u.startswith("mailto:") for u in full.uris())
