"""Writes the small .qdpx fixtures in the forms NVivo (Windows, Mac), MAXQDA and QualCoder
export, from the REFI-QDA 1.0 standard and what is publicly known of each tool's quirks.
The texts are fiction. Run it from anywhere: ``python tests/data/refi/make_qdpx.py``.

- nvivo_windows.qdpx: ``sources/`` in lower case, a BOM and CRLF line ends in the .txt,
  one PlainTextSelection repeated per code (same span, one Coding each), offsets in
  UTF-16 code units (an emoji counts two), cases with a case variable.
- nvivo_mac.qdpx: the same quirks, plus a coding on a whole source and GUIDs in braces.
- maxqda.qdpx: ``Sources/``, document variables (Text, Integer, Date), a memo as a
  <Note> referenced from a coded segment, a PDF source and a source whose file is
  missing (both reported), a link (reported).
- qualcoder.qdpx: text inline as PlainTextContent, memos in <Description>, cases,
  lower-case GUIDs, code memos in the code's Description.
- maxqda_audio.qdpx: an interview recording (AudioSource) with its transcript
  (Transcript, SyncPoints holding text positions, TranscriptSelections between them),
  a selection of the recording by time (reported), a case naming the recording.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

HERE = Path(__file__).parent
HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'

TEXT_A = (
    "Interviewer: Hoe gaat het met u sinds de zorgcoöperatie er is?\n"
    "Bewoner: Eerst voelde ik me zo alleen, na de dood van mijn man. 😢\n"
    "Bewoner: Nu komt er elke week een vrijwilliger. Dat is echt geëmotioneerd mooi, ik ben er heel blij mee.\n"
)
TEXT_B = "Mantelzorger: Ik kan het niet meer alleen. De buurtcoöperatie helpt met boodschappen, dat scheelt.\n"


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def u16(text: str, cp: int) -> int:
    """The UTF-16 offset of code point offset cp (NVivo counts an emoji as two)."""
    return utf16_len(text[:cp])


def span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def crlf_offset(text: str, cp: int) -> int:
    """Offset in the CRLF version of text (each \\n before cp becomes two characters)."""
    return cp + text[:cp].count("\n")


def write(name: str, qde: str, files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", (HEAD + qde).encode("utf-8"))
        for member, data in files.items():
            zf.writestr(member, data)


CODES = """
  <CodeBook>
    <Codes>
      <Code guid="{c1}" name="Eenzaamheid" isCodable="true" color="#1F77B4">
        <Description>Zich alleen voelen, ook tussen mensen.</Description>
        <Code guid="{c2}" name="Verlies partner" isCodable="true"/>
      </Code>
      <Code guid="{c3}" name="Vrijwilligers" isCodable="true"/>
    </Codes>
  </CodeBook>"""

C1, C2, C3 = "9A5B1E2C-1111-4C3D-8E9F-0A1B2C3D4E01", "9A5B1E2C-1111-4C3D-8E9F-0A1B2C3D4E02", "9A5B1E2C-1111-4C3D-8E9F-0A1B2C3D4E03"
U1, U2 = "5E0C7A10-2222-4B1A-9C3D-111111111111", "5E0C7A10-2222-4B1A-9C3D-222222222222"
S1, S2 = "7C1D2E3F-3333-4A5B-8C9D-AAAAAAAAAAA1", "7C1D2E3F-3333-4A5B-8C9D-AAAAAAAAAAA2"


def nvivo(mac: bool) -> None:
    # offsets: in the CRLF text as NVivo counts it (UTF-16 units); the BOM is not counted
    text = TEXT_A
    alone = span(text, "Eerst voelde ik me zo alleen, na de dood van mijn man. 😢")
    vol = span(text, "Nu komt er elke week een vrijwilliger.")

    def pos(cp: int) -> int:
        return u16(text.replace("\n", "\r\n"), crlf_offset(text, cp))

    brace = (lambda g: "{" + g.lower() + "}") if mac else (lambda g: g)
    origin = "NVivo 12 for Mac" if mac else "NVivo 14.23.2 (Windows)"
    whole = f'\n      <Coding guid="{brace("8B000000-4444-4F00-A000-0000000000F1")}" creatingUser="{brace(U2)}"><CodeRef targetGUID="{brace(C3)}"/></Coding>' if mac else ""
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="Zorgcoöperatie NVivo" origin="{origin}" creatingUserGUID="{brace(U1)}" creationDateTime="2024-05-01T10:00:00Z">
  <Users>
    <User guid="{brace(U1)}" name="Anna de Boer" id="AB"/>
    <User guid="{brace(U2)}" name="Bram" id="BR"/>
  </Users>{CODES.format(c1=brace(C1), c2=brace(C2), c3=brace(C3))}
  <Variables>
    <Variable guid="6D000000-5555-4E00-B000-000000000001" name="Initiatief" typeOfVariable="Text"/>
    <Variable guid="6D000000-5555-4E00-B000-000000000002" name="Rol" typeOfVariable="Text"/>
  </Variables>
  <Cases>
    <Case guid="4C000000-6666-4D00-C000-000000000001" name="Austerlitz Zorgt">
      <VariableValue><VariableRef targetGUID="6D000000-5555-4E00-B000-000000000002"/><TextValue>bewoner</TextValue></VariableValue>
      <SourceRef targetGUID="{brace(S1)}"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="{brace(S1)}" name="Interview bewoner" plainTextPath="internal://{S1}.txt" creatingUser="{brace(U1)}">
      <PlainTextSelection guid="2A000000-7777-4B00-D000-000000000001" startPosition="{pos(alone[0])}" endPosition="{pos(alone[1])}" creatingUser="{brace(U1)}">
        <Coding guid="3B000000-8888-4C00-E000-000000000001" creatingUser="{brace(U1)}"><CodeRef targetGUID="{brace(C1)}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="2A000000-7777-4B00-D000-000000000002" startPosition="{pos(alone[0])}" endPosition="{pos(alone[1])}" creatingUser="{brace(U1)}">
        <Coding guid="3B000000-8888-4C00-E000-000000000002" creatingUser="{brace(U1)}"><CodeRef targetGUID="{brace(C2)}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="2A000000-7777-4B00-D000-000000000003" startPosition="{pos(alone[0])}" endPosition="{pos(alone[1])}" creatingUser="{brace(U2)}">
        <Coding guid="3B000000-8888-4C00-E000-000000000003" creatingUser="{brace(U2)}"><CodeRef targetGUID="{brace(C1)}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="2A000000-7777-4B00-D000-000000000004" startPosition="{pos(vol[0])}" endPosition="{pos(vol[1])}" creatingUser="{brace(U2)}">
        <Coding guid="3B000000-8888-4C00-E000-000000000004" creatingUser="{brace(U2)}"><CodeRef targetGUID="{brace(C3)}"/></Coding>
      </PlainTextSelection>
      <VariableValue><VariableRef targetGUID="6D000000-5555-4E00-B000-000000000001"/><TextValue>Austerlitz Zorgt</TextValue></VariableValue>
    </TextSource>
    <TextSource guid="{brace(S2)}" name="Mantelzorger" plainTextPath="internal://{S2}.txt">{whole}
      <VariableValue><VariableRef targetGUID="6D000000-5555-4E00-B000-000000000001"/><TextValue>Voorzorgcirkels</TextValue></VariableValue>
    </TextSource>
  </Sources>
</Project>
"""
    bom = b"\xef\xbb\xbf"
    files = {
        f"sources/{S1}.txt": bom + TEXT_A.replace("\n", "\r\n").encode("utf-8"),
        f"sources/{S2}.txt": bom + TEXT_B.replace("\n", "\r\n").encode("utf-8"),
    }
    write("nvivo_mac.qdpx" if mac else "nvivo_windows.qdpx", qde, files)


def maxqda() -> None:
    text = TEXT_A
    alone = span(text, "Eerst voelde ik me zo alleen, na de dood van mijn man.")
    vol = span(text, "Nu komt er elke week een vrijwilliger.")
    mz = span(TEXT_B, "Ik kan het niet meer alleen.")
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd" name="Zorgcoöperatie MAXQDA" origin="MAXQDA 2022 (Release 22.7.0)" creatingUserGUID="{U1}">
  <Users>
    <User guid="{U1}" name="Anna de Boer"/>
  </Users>{CODES.format(c1=C1, c2=C2, c3=C3)}
  <Variables>
    <Variable guid="6D000000-5555-4E00-B000-000000000003" name="Rol" typeOfVariable="Text"/>
    <Variable guid="6D000000-5555-4E00-B000-000000000004" name="Leeftijd" typeOfVariable="Integer"/>
    <Variable guid="6D000000-5555-4E00-B000-000000000005" name="Datum" typeOfVariable="Date"/>
  </Variables>
  <Sources>
    <TextSource guid="{S1}" name="Interview bewoner.docx" plainTextPath="internal://{S1}.txt" richTextPath="internal://{S1}.docx">
      <PlainTextSelection guid="2A000000-7777-4B00-D000-000000000011" name="Eerst voelde ik me" startPosition="{alone[0]}" endPosition="{alone[1]}" creatingUser="{U1}" creationDateTime="2024-05-02T09:00:00Z">
        <Coding guid="3B000000-8888-4C00-E000-000000000011" creatingUser="{U1}" creationDateTime="2024-05-02T09:00:00Z"><CodeRef targetGUID="{C1}"/></Coding>
        <NoteRef targetGUID="1E000000-9999-4A00-F000-000000000001"/>
      </PlainTextSelection>
      <PlainTextSelection guid="2A000000-7777-4B00-D000-000000000012" startPosition="{vol[0]}" endPosition="{vol[1]}" creatingUser="{U1}">
        <Coding guid="3B000000-8888-4C00-E000-000000000012"><CodeRef targetGUID="{C3}"/></Coding>
      </PlainTextSelection>
      <VariableValue><VariableRef targetGUID="6D000000-5555-4E00-B000-000000000003"/><TextValue>bewoner</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="6D000000-5555-4E00-B000-000000000004"/><IntegerValue>81</IntegerValue></VariableValue>
      <VariableValue><VariableRef targetGUID="6D000000-5555-4E00-B000-000000000005"/><DateValue>2024-03-14</DateValue></VariableValue>
    </TextSource>
    <TextSource guid="{S2}" name="Mantelzorger.txt" plainTextPath="internal://{S2}.txt">
      <PlainTextSelection guid="2A000000-7777-4B00-D000-000000000013" startPosition="{mz[0]}" endPosition="{mz[1]}" creatingUser="{U1}">
        <Coding guid="3B000000-8888-4C00-E000-000000000013" creatingUser="{U1}"><CodeRef targetGUID="{C1}"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <TextSource guid="7C1D2E3F-3333-4A5B-8C9D-AAAAAAAAAAA3" name="Verdwenen verslag.txt" plainTextPath="internal://7C1D2E3F-3333-4A5B-8C9D-AAAAAAAAAAA3.txt">
      <PlainTextSelection guid="2A000000-7777-4B00-D000-000000000014" startPosition="0" endPosition="5" creatingUser="{U1}">
        <Coding guid="3B000000-8888-4C00-E000-000000000014" creatingUser="{U1}"><CodeRef targetGUID="{C1}"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <PDFSource guid="7C1D2E3F-3333-4A5B-8C9D-AAAAAAAAAAA4" name="Jaarverslag.pdf" path="internal://7C1D2E3F-3333-4A5B-8C9D-AAAAAAAAAAA4.pdf"/>
  </Sources>
  <Notes>
    <Note guid="1E000000-9999-4A00-F000-000000000001" name="Memo" creatingUser="{U1}">
      <PlainTextContent>Sterk voorbeeld van eenzaamheid na verlies.</PlainTextContent>
    </Note>
  </Notes>
  <Links>
    <Link guid="0F000000-AAAA-4B00-A000-000000000001" name="hangt samen met" originGUID="{C1}" targetGUID="{C3}"/>
  </Links>
  <Sets>
    <Set guid="0E000000-BBBB-4C00-B000-000000000001" name="Uitkomsten">
      <MemberCode targetGUID="{C1}"/>
    </Set>
  </Sets>
</Project>
"""
    files = {
        f"Sources/{S1}.txt": TEXT_A.encode("utf-8"),
        f"Sources/{S1}.docx": b"PK not really a docx",
        f"Sources/{S2}.txt": TEXT_B.encode("utf-8"),
        "Sources/7C1D2E3F-3333-4A5B-8C9D-AAAAAAAAAAA4.pdf": b"%PDF-1.4 fiction",
    }
    write("maxqda.qdpx", qde, files)


def qualcoder() -> None:
    text = TEXT_A
    alone = span(text, "Eerst voelde ik me zo alleen")
    vol = span(text, "Nu komt er elke week een vrijwilliger.")
    esc = lambda t: t.replace("&", "&amp;").replace("<", "&lt;")  # noqa: E731
    lo = lambda g: g.lower()  # noqa: E731
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="qualcoder-project" origin="QualCoder 3.5" creationDateTime="2024-05-03T12:00:00Z">
  <Users>
    <User guid="{lo(U1)}" name="anna"/>
    <User guid="{lo(U2)}" name="bram"/>
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="{lo(C1)}" name="Eenzaamheid" isCodable="true" color="#1f77b4">
        <Description>Memo bij de code: zich alleen voelen.</Description>
      </Code>
      <Code guid="{lo(C3)}" name="Vrijwilligers" isCodable="true"/>
    </Codes>
  </CodeBook>
  <Variables>
    <Variable guid="6d000000-5555-4e00-b000-000000000006" name="initiatief" typeOfVariable="Text"/>
  </Variables>
  <Cases>
    <Case guid="4c000000-6666-4d00-c000-000000000002" name="Voorzorgcirkels">
      <SourceRef targetGUID="{lo(S1)}"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="{lo(S1)}" name="interview_bewoner.txt" creatingUser="{lo(U1)}" creationDateTime="2024-05-03T12:00:00Z">
      <Description>Afgenomen in het buurthuis.</Description>
      <PlainTextContent>{esc(text)}</PlainTextContent>
      <PlainTextSelection guid="2a000000-7777-4b00-d000-000000000021" name="{alone[0]},{alone[1]}" startPosition="{alone[0]}" endPosition="{alone[1]}" creatingUser="{lo(U1)}" creationDateTime="2024-05-03T12:05:00Z">
        <Description>Eerste keer dat ze het zegt.</Description>
        <Coding guid="3b000000-8888-4c00-e000-000000000021" creatingUser="{lo(U1)}"><CodeRef targetGUID="{lo(C1)}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="2a000000-7777-4b00-d000-000000000022" startPosition="{alone[0]}" endPosition="{alone[1]}" creatingUser="{lo(U2)}">
        <Coding guid="3b000000-8888-4c00-e000-000000000022" creatingUser="{lo(U2)}"><CodeRef targetGUID="{lo(C1)}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="2a000000-7777-4b00-d000-000000000023" startPosition="{vol[0]}" endPosition="{vol[1]}" creatingUser="{lo(U2)}">
        <Coding guid="3b000000-8888-4c00-e000-000000000023" creatingUser="{lo(U2)}"><CodeRef targetGUID="{lo(C3)}"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>
"""
    write("qualcoder.qdpx", qde, {})


def audio() -> None:
    text = TEXT_A
    alone = span(text, "Eerst voelde ik me zo alleen, na de dood van mijn man.")
    vol = span(text, "Nu komt er elke week een vrijwilliger.")
    a1 = "7C1D2E3F-3333-4A5B-8C9D-AAAAAAAAAAA5"
    tr = "7C1D2E3F-3333-4A5B-8C9D-AAAAAAAAAAA6"
    sp = ["5A000000-CCCC-4D00-C000-00000000000" + str(i) for i in range(1, 5)]
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="Opnames" origin="MAXQDA 2022 (Release 22.7.0)" creatingUserGUID="{U1}">
  <Users>
    <User guid="{U1}" name="Anna de Boer"/>
  </Users>{CODES.format(c1=C1, c2=C2, c3=C3)}
  <Cases>
    <Case guid="4C000000-6666-4D00-C000-000000000003" name="Laefhoës America">
      <SourceRef targetGUID="{a1}"/>
    </Case>
  </Cases>
  <Sources>
    <AudioSource guid="{a1}" name="Interview bewoner.m4a" path="internal://{a1}.m4a">
      <Transcript guid="{tr}" name="Interview bewoner" plainTextPath="internal://{tr}.txt">
        <SyncPoint guid="{sp[0]}" timeStamp="61000" position="{alone[0]}"/>
        <SyncPoint guid="{sp[1]}" timeStamp="65500" position="{alone[1]}"/>
        <SyncPoint guid="{sp[2]}" timeStamp="70000" position="{vol[0]}"/>
        <SyncPoint guid="{sp[3]}" timeStamp="73000" position="{vol[1]}"/>
        <TranscriptSelection guid="2A000000-7777-4B00-D000-000000000031" fromSyncPoint="{sp[0]}" toSyncPoint="{sp[1]}" creatingUser="{U1}">
          <Coding guid="3B000000-8888-4C00-E000-000000000031" creatingUser="{U1}"><CodeRef targetGUID="{C1}"/></Coding>
        </TranscriptSelection>
        <TranscriptSelection guid="2A000000-7777-4B00-D000-000000000032" fromSyncPoint="{sp[2]}" toSyncPoint="{sp[3]}" creatingUser="{U1}">
          <Coding guid="3B000000-8888-4C00-E000-000000000032" creatingUser="{U1}"><CodeRef targetGUID="{C3}"/></Coding>
        </TranscriptSelection>
      </Transcript>
      <AudioSelection guid="2A000000-7777-4B00-D000-000000000033" begin="1000" end="5000" creatingUser="{U1}">
        <Coding guid="3B000000-8888-4C00-E000-000000000033" creatingUser="{U1}"><CodeRef targetGUID="{C2}"/></Coding>
      </AudioSelection>
    </AudioSource>
  </Sources>
</Project>
"""
    write("maxqda_audio.qdpx", qde, {f"Sources/{tr}.txt": TEXT_A.encode("utf-8"), f"Sources/{a1}.m4a": b"not really audio"})


if __name__ == "__main__":
    nvivo(mac=False)
    nvivo(mac=True)
    maxqda()
    qualcoder()
    audio()
    print("wrote", ", ".join(p.name for p in sorted(HERE.glob("*.qdpx"))))
