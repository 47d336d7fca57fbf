# The two set-up commands of the README:
#   make demo   fresh clone -> .venv -> the whole demo study -> summary and reports
#   make test   fresh clone -> .venv -> all tests
# pip (not uv/poetry) because only pip sees the local CPU wheel of torch; constraints.txt
# pins torch on every install so nothing pulls the CUDA build.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip -q --disable-pip-version-check
STAMP  := $(VENV)/.installed

.PHONY: demo test typecheck install deduce-cache clean-demo benchmark lab sync-data

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -c constraints.txt "torch==2.13.0"
	$(PIP) install -c constraints.txt -e ".[all,dev]"
	$(PY) -c "import torch, sys; v = torch.__version__; sys.exit(0 if v.startswith('2.13.0') and not torch.version.cuda else 'torch ' + v + ' is not the CPU build 2.13.0: check constraints.txt')"
	touch $(STAMP)

# deduce builds its lookup structures once (~90 s, then ~7 s a start); cached per machine.
deduce-cache: $(STAMP)
	$(VENV)/bin/workbench setup

demo: $(STAMP) deduce-cache
	$(VENV)/bin/workbench ingest
	$(VENV)/bin/workbench codebook show
	$(PY) -m workbench.apps.demo            # two fictional coders, lian and sanne (scripted; lian also codes links)
	$(PY) -m workbench.apps.demo monitor    # a third, fenna, codes the monitor survey's open answers (scripted)
	$(VENV)/bin/workbench crosstab eenzaamheid-verbinding --by hoe_vaak_eenzaam   # the figures and the stories: code x closed question
	$(VENV)/bin/workbench suggest
	$(VENV)/bin/workbench links suggest     # links from causal cues, stored as suggestions for a person to accept or reject
	$(VENV)/bin/workbench links show --min-sources 2
	$(VENV)/bin/workbench links export -o reports/links.csv
	$(VENV)/bin/workbench agreement --coders lian,sanne --disagreements 5
	$(VENV)/bin/workbench export qdpx reports/demo.qdpx
	$(VENV)/bin/workbench themes run --seed 42
	# reports last (they show what the steps above stored): every initiative + across them; prints the paths
	$(VENV)/bin/workbench report --all --jobs 2 --out reports
	# two personal review links for co-researchers last, so they stay on screen (each says how to serve the page)
	$(VENV)/bin/workbench review invite --initiative "Austerlitz Zorgt" --name Marja --role vrijwilliger
	$(VENV)/bin/workbench review invite --initiative "Voorzorgcirkels" --name Kees --role bewoner --page-lang en

test: $(STAMP)
	$(PY) -m pytest

typecheck: $(STAMP)
	$(PY) -m mypy workbench

benchmark: $(STAMP) deduce-cache
	$(PY) benchmarks/ingest.py

clean-demo:
	rm -rf .workbench reports private

# JupyterLab in .venv, on this study (the notebooks in notebooks/); STUDY=path for another one
STUDY ?= .
lab: $(STAMP)
	cd $(STUDY) && $(abspath $(VENV))/bin/jupyter lab

# 'workbench init' copies the starter codebook and the notebooks from package data:
# after editing codebooks/ or notebooks/, copy them there (a test checks they are equal)
sync-data:
	cp codebooks/impact-zorgzame-gemeenschappen.yaml workbench/data/
	cp benchmarks/data/demo-links.csv workbench/data/
	rm -f workbench/data/notebooks/*.ipynb
	cp notebooks/*.ipynb workbench/data/notebooks/
