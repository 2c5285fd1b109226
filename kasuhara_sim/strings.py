"""Every user-facing label of the product in one place (Japanese first), so that an English UI can follow.

The core, the command line and the TUI all read labels from here; none of them spells a label itself.
"""

from __future__ import annotations

CATEGORIES: dict[str, str] = {
    "angry_customer": "激怒",
    "misdirected": "お門違い",
    "monetary_demand": "金品要求",
    "call_the_president": "社長を出せ",
    "sns_threat": "SNSで晒す",
    "our_fault": "当方の不手際",
    "unclear_fault": "非の有無が不明",
    "apology_visit": "詫びに来い",
    "sit_in": "居座り",
    "verbal_abuse": "暴言",
    "dogeza": "土下座要求",
    "repeat_caller": "繰り返し入電",
    "compensation": "補償要求",
    "legal_threat": "弁護士・消費者センター",
    "other": "その他",
}

CATEGORY_DESCRIPTIONS: dict[str, str] = {
    "angry_customer": "とにかく激怒",
    "misdirected": "お門違いなクレーム",
    "monetary_demand": "不当な金品要求・「誠意を見せろ」",
    "call_the_president": "「社長を出せ」",
    "sns_threat": "SNS・口コミで晒すという脅し",
    "our_fault": "当方に不手際",
    "unclear_fault": "当方に非がない・分からない",
    "apology_visit": "「今すぐ詫びに来い」",
    "sit_in": "居座り・長時間拘束",
    "verbal_abuse": "暴言・人格否定",
    "dogeza": "土下座の要求",
    "repeat_caller": "執拗な繰り返し・再入電",
    "compensation": "体調不良・治療費・休業補償の要求",
    "legal_threat": "「弁護士／消費者センターに言う」",
    "other": "その他",
}

LEVELS: dict[str, str] = {"beginner": "新人", "intermediate": "中堅", "manager": "管理者"}
LEVEL_DESCRIPTIONS: dict[str, str] = {
    "beginner": "新人・一次対応",
    "intermediate": "中堅",
    "manager": "管理者・二次対応",
}

CHANNELS: dict[str, str] = {"phone": "電話", "counter": "店頭・窓口", "email": "メール", "chat": "チャット", "visit": "訪問"}

INDUSTRIES: dict[str, str] = {
    "retail": "小売",
    "restaurant": "飲食",
    "call_center": "コールセンター",
    "hospital": "病院",
    "municipal": "自治体",
    "hotel": "ホテル",
    "railway": "鉄道",
    "care": "介護",
    # Codes instructors commonly write (instructor review D13): shown in Japanese rather than raw.
    "bank": "銀行",
    "finance": "金融",
    "insurance": "保険",
    "logistics": "物流・配送",
    "delivery": "配送",
    "manufacturing": "製造",
    "telecom": "通信",
    "salon": "美容室",
    "education": "教育",
    "school": "学校",
    "childcare": "保育",
    "real_estate": "不動産・管理",
    "transport": "交通",
    "airline": "航空",
    "pharmacy": "薬局",
    "clinic": "診療所",
    "utility": "電気・ガス・水道",
    "public": "公共施設",
}

OUTCOMES: dict[str, str] = {
    "resolved": "解決",
    "handed_over": "組織として引継ぎ",
    "ended_firmly": "毅然と対応終了",
    "police": "退去要請・警察通報",
    "escalated": "悪化・決裂",
    "gave_in": "不当な要求に屈した",
}
OUTCOME_DESCRIPTIONS: dict[str, str] = {
    "resolved": "納得・解決",
    "handed_over": "上席・窓口へ組織として引継ぎ",
    "ended_firmly": "対応終了を毅然と宣言",
    "police": "退去要請・警察通報",
    "escalated": "悪化・炎上・決裂",
    "gave_in": "不当な要求に屈した",
}
FAILED_OUTCOMES = frozenset({"escalated", "gave_in"})

STEPS: dict[str, str] = {
    "empathy": "心情理解",
    "fact_check": "事実確認",
    "can_cant": "できること・できないこと",
    "limited_apology": "限定的謝罪",
    "firm_boundary": "毅然とした線引き",
    "escalate": "組織対応への切替え",
    "record": "記録・録音",
}

NG_TAGS: dict[str, str] = {
    "full_apology": "全面謝罪",
    "argue": "反論・言い負かす",
    "rash_promise": "安易な約束",
    "bare_refusal": "代替案のない拒否",
    "premature_label": "決めつけ・クレーマー扱い",
    "give_in": "不当要求に屈する",
    "pass_around": "たらい回し",
    "lone_handling": "一人で抱え込む",
    "rude": "失礼な言動",
    "misinform": "誤った案内・根拠のない断定",
    "conceal": "隠蔽・口止め",
    "unsafe": "身の安全を損なう行動",
    "expose_staff": "従業員を差し出す",
}
NG_DESCRIPTIONS: dict[str, str] = {
    "full_apology": "事実確認の前に全面的に謝り、責任を認めてしまった",
    "argue": "反論して言い負かそうとした",
    "rash_promise": "確認や組織の判断の前に約束した",
    "bare_refusal": "代わりにできることも理由も示さずに断った",
    "premature_label": "確かめる前に相手を決めつけた・クレーマー扱いした",
    "give_in": "不当な要求(金品・土下座・特別扱い)に応じた",
    "pass_around": "担当の押し付け合い(たらい回し)をした",
    "lone_handling": "組織に共有せず一人で抱え込んだ",
    "rude": "失礼な言葉づかい・態度をとった",
    "misinform": "誤った案内や根拠のない断定をした",
    "conceal": "事実を隠した・口止めした・組織に報告しなかった",
    "unsafe": "一人での訪問や身体への接触など、身の安全を損なう行動をとった",
    "expose_staff": "処分の約束や個人情報の開示など、従業員を差し出した",
}

# Dimension labels come from the rubric file; these are the defaults of format v1.
DIMENSIONS: dict[str, str] = {
    "empathy": "心情理解",
    "fact_check": "事実確認",
    "can_cant": "できること・できないこと",
    "limited_apology": "限定的謝罪",
    "firm_response": "毅然とした対応",
}

MODES: dict[str, str] = {"practice": "練習モード", "test": "本番モード"}

APP_TITLE = "kasuhara-sim"
APP_SUBTITLE = "カスハラ対応ロールプレイ"
YOU = "あなた"

# Punctuation between labels and names: each language has its own.
LIST_SEP = "、"      # names in a sentence (a.yaml、b.yaml)
LABEL_SEP = "・"     # labels side by side (心情理解・事実確認)
SENTENCE_SEP = "。"  # between two sentences put together
BULLET = "・"        # before each item of a list
# Severity labels come from the rubric file; these are the defaults of rubric 2.
SEVERITIES: dict[str, str] = {"minor": "軽い誤り", "major": "重い誤り", "critical": "重大な誤り"}


# --- scoring explanations (core) -------------------------------------------------------------------
class Score:
    not_performed = "{label}を示す返答が一度もありませんでした"
    out_of_order = "{label}の順番が基本と違いました(ターン{turn}。{before}より先)"
    ng_penalty = "ターン{turn} {text}: {ng}"
    ng_no_effect = "(すでに0点のため追加の減点なし)"
    total_penalty = "ターン{turn} {text}: {ng}(採点対象外の観点のため総合点から減点)"
    failure_cap = "結末が失敗({outcome})のため、総合点は{cap}点までに制限されます"
    critical_cap = "ターン{turn}の重大な誤り({ng})があるため、総合点は{cap}点までに制限されます"
    deduction = "ターン{turn} {text}: {ng}({severity})"
    deduction_floor = "(総合点が0点に達したため、ここまで)"
    deduction_no_effect = "(すでに総合点が0点のため追加の減点なし)"
    mean = "基本手順の平均 {mean} 点"
    better_reply = "より良い返答"
    better_cut = ("探索を途中で打ち切りました(時間または状態数の上限): 「より良い返答」は確実に言えるターンにだけ示しています。"
                  "示されていないターンにも、より良い返答があったかもしれません")
    none_lost = "減点はありません。"
    # 減点の理由 lists what each dimension lost; a deduction from the total alone must not read as "nothing lost".
    none_lost_dimensions = "観点の点数は減っていません(誤りによる総合点からの差し引きは「総合点の計算」のとおりです)。"
    order_basic = "基本"
    order_yours = "あなた"
    order_arrow = " → "
    order_sep = "・"

    @staticmethod
    def quoted(text: str) -> str:
        """A reply as quoted in explanations: most replies are written with their own 「」, emails and chats not."""
        return text if text.startswith(("「", "『")) else f"「{text}」"


# --- loader messages (instructors read these) ----------------------------------------------------
class Load:
    not_found = "ファイルが見つかりません"
    not_a_file = "ファイルではありません(フォルダは validate に渡してください)"
    unreadable = "ファイルを読み込めません({reason})"
    name_too_long = "ファイル名かフォルダ名が長すぎます(システムの上限を超えています)。短い名前にしてください"
    too_large = "ファイルが大きすぎます(約 {size}。上限は {limit})。シナリオをいくつかのファイルに分けてください"
    not_utf8 = "UTF-8 ではない文字があります{guess}。エディタで文字コードを「UTF-8」にして保存し直してください"
    not_utf8_guess = "(Shift_JIS で保存されているようです)"
    yaml_syntax = "YAML の書き方に誤りがあります: {problem}{hint}"
    multiple_documents = "1つのファイルに書けるのは1つのシナリオだけです(--- で区切られた2つ目の文書があります)"
    not_mapping = "ファイルの一番上は「キー: 値」のマッピングにしてください(format: 1 から始めます)"
    empty = "ファイルが空です(format: 1 から始めてください)"
    duplicate_key = "キー「{key}」が重複しています({first}行目にもあります。YAML では後の値で黙って上書きされてしまいます)"
    nonscalar_key = "キーには文字列を書いてください"
    alias_expansion = "アンカー(&)と参照(*)の展開が大きすぎます(上限 {limit} 要素)"
    too_many_values = "値の数が多すぎます(上限 {limit} 個)。シナリオをいくつかのファイルに分けてください"
    nesting = "入れ子が深すぎます(上限 {limit} 段)。カッコ [ ] {{ }} やインデントが意図どおりか確かめてください"
    unknown_tag = "タグ「{tag}」には対応していません。タグを外して値をそのまま書いてください"
    bad_tagged = "「{value}」は{what}として読めません。タグを外して半角で書いてください"
    number_too_long = "数「{value}」が長すぎます。シナリオで使う数は半角の整数で書いてください"
    control_character = "制御文字({code})は使えません。エスケープ(\\e など)を含む文字を削除してください"
    full_width_indent = "全角スペースで字下げしています。インデントは半角スペースにしてください"
    full_width_colon = "全角のコロン「：」です。キーの後ろは半角の「: 」(コロンと空白)にしてください"
    full_width_number = "全角の数字です。半角で {value} と書いてください"
    not_a_number = "「{value}」は数として読めません。{hint}"
    sexagesimal_hint = "時間は分の整数で書いてください(1:30 なら 90)"
    underscore_hint = "区切りの _ を外して半角の数字だけで書いてください"
    indent_mismatch = "この行のインデントが前後の行とそろっていません(字下げが多すぎるか少なすぎます)"
    unclosed_quote = "ここで開いた引用符が閉じていません。文の終わりに同じ引用符を書いてください"
    yaml_syntax_unknown = "YAML の書き方に誤りがあります(インデント、引用符、カッコを確かめてください。詳細: {problem})"
    merge_not_mapping = "マージキー(<<)には「キー: 値」のマッピング(またはその参照 *名前)を書いてください"
    alias_recursive = "参照(*)が自分自身を含んでいます"
    merge_key = "マージキー(<<)には対応していません。値をそのまま書いてください"
    missing_key = "必須のキー「{key}」がありません"
    unknown_key = "未知のキー「{key}」です{suggest}"
    did_you_mean = "(「{guess}」の誤りではありませんか?)"
    allowed_keys = "(使えるキー: {keys})"
    want_str = "文字列で書いてください{hint}"
    want_str_bool_hint = "(true/false は真偽値になるため、引用符で囲んでください)"
    want_int = "整数で書いてください"
    want_bool = "true か false で書いてください(yes・no は文字として読まれます)"
    want_list = "リスト(「- 」で始まる行、または [a, b])で書いてください"
    want_mapping = "「キー: 値」のマッピングで書いてください"
    unknown_value = "「{value}」は使えません。使える値: {allowed}"
    range = "{low}〜{high} の範囲で書いてください(いま {value})"
    count = "{what}は{low}〜{high}個にしてください(いま {count}個)"
    at_least = "{what}は{low}個以上にしてください"
    empty_string = "空にはできません"
    id_format = "「{value}」は id に使えません。半角小文字・数字をハイフンでつないでください(例: kettle-initial-defect)"
    node_id_format = "「{value}」はノード ID に使えません。半角英数字と _ だけにしてください"
    format_version = "format は 1 です(いま {value})"
    format_type = "format は引用符を付けずに半角で 1 と書いてください(いま {value})"
    missing_node = "ノード「{node}」がありません{suggest}"
    route_last_if = "ルートの最後には if を書かないでください(どの条件にも当てはまらないときの行き先です)"
    debrief_last_if = "講評のルートの最後には if を書かないでください(どの条件にも当てはまらないときの講評です)"
    empty_condition = "条件が空です。anger_at_least, anger_below, flags, not_flags, did, did_not のどれかを書いてください"
    want_variants = "文字列、または言い換えの文字列のリストで書いてください"
    want_debrief = "文字列、またはルート {if, text} のリストで書いてください"
    turn_needs = "会話のノードには「{key}」が必要です(結末のノードなら ending を書きます)"
    ending_no_choices = "結末のノード(ending)に choices は書けません"
    turn_no_debrief = "debrief は結末のノード(ending)にだけ書けます"
    ending_no_press = "press(催促のせりふ)はターンのノードにだけ書けます"
    duplicate_value = "「{value}」が重複しています"
    duplicate_id = "シナリオ ID「{id}」が重複しています({other} と同じ)"
    generic = "値が正しくありません: {detail}"


# PyYAML's problem (English) → what an instructor reads. Matched by substring; order matters where one contains another.
YAML_PROBLEMS: dict[str, str] = {
    "mapping values are not allowed": "「: 」(コロンと空白)が使えない場所にあります。文中に「: 」がある値は、全体を引用符で囲んでください",
    "found character '\\t' that cannot start any token": "インデントにタブは使えません。半角スペースにしてください",
    "tab character": "インデントにタブは使えません。半角スペースにしてください",
    "found character that cannot start any token": "この文字から値を始められません(タブ、または ` % @ など)。タブは半角スペースに、記号で始まる値は引用符で囲んでください",
    "could not find expected ':'": "「キー: 値」のコロンが抜けているか、前の行の引用符が閉じていません",
    "found undefined alias": "参照(*)の前にアンカー(&)を定義してください",
    "did not find expected key": "インデント(字下げ)がそろっていません。同じ階層のキーは同じ位置から書いてください",
    "did not find expected '-' indicator": "リストの「- 」のインデントがそろっていません",
    "found unexpected end of stream": "ファイルの終わりまでに閉じていない引用符かカッコがあります",
    "did not find expected ',' or ']'": "[ ] のカッコが閉じていないか、要素の間のカンマが抜けています",
    "did not find expected ',' or '}'": "{ } のカッコが閉じていないか、要素の間のカンマが抜けています",
    "did not find expected node content": "値が書かれていません(「- 」や「: 」の後ろを確かめてください)",
    "found unknown escape character": "二重引用符の中の \\ の使い方に誤りがあります(\\ を書くなら \\\\ にするか、単一引用符 ' で囲んでください)",
    "block sequence entries are not allowed": "リストの「- 」が使えない場所にあります。インデントを確かめてください",
    "found unexpected ':'": "「: 」の位置に誤りがあります。値に「:」を含めるなら引用符で囲んでください",
    "did not find expected alphabetic or numeric character": "アンカー(&)や参照(*)の名前がありません。& や * で始まる値は引用符で囲んでください",
    "found undefined tag handle": "タグ(! で始まる値)には対応していません。! で始まる値は引用符で囲んでください",
    "did not find expected <document start>": "ファイルの途中に --- や ... があります。値なら引用符で囲んでください",
    "found unexpected document indicator": "ファイルの途中に --- や ... があります。値なら引用符で囲んでください",
    "found duplicate anchor": "同じ名前のアンカー(&)が2つあります",
    "block scalar": "| や > の書き方に誤りがあります(次の行から字下げして書きます)",
}


# --- command line and reports ------------------------------------------------------------------------
class Cli:
    error_prefix = "kasuhara-sim: error: "
    help_hint = "(kasuhara-sim {command} --help で使い方を表示します)"
    scenario_not_found = "シナリオ「{name}」が見つかりません(kasuhara-sim list で一覧を表示します)"
    bad_choices = "--choices は 1,2,1 のように番号をカンマで区切って書いてください(いま「{value}」)"
    choices_empty_item = "--choices の {position} 番目の番号が空です。1,2,1 のように、カンマの間に番号を書いてください(いま「{value}」)"
    choice_out_of_range = "ターン{turn}で返答 {number} は選べません。表示される返答は 1〜{available} です"
    too_few_choices = "返答が {count} 個では結末に届きません(ターン{turn}「{node}」で次の返答が必要です)"
    too_many_choices = "ターン{turn}で結末「{node}」に着いたため、残りの番号 {rest} は使われません"
    choices_with_plain = "--choices と --plain は同時に使えません"
    json_needs_choices = "--json は --choices と一緒に使ってください"
    free_with_choices = "--free と --choices は同時に使えません(--free では返答を入力します)"
    timed_with_choices = "--timed と --choices は同時に使えません(--choices では返答を待つ時間がありません)"
    interrupted = "中断しました"
    list_header = ("ID", "タイトル", "分類", "レベル", "窓口", "分")
    list_count = "{count} 本のシナリオ"
    list_minutes = "{minutes}分"
    validate_summary = "{files} ファイルを検査: エラー {errors} 件、警告 {warnings} 件"
    validate_ok = "問題はありません"
    validate_scenario_line = "{path}: {id} — 最高 {best} 点 / 最低 {worst} 点"
    validate_bound = "(探索を途中で打ち切りました。ここまでで見つかった値です)"
    validate_best = "最高"
    validate_worst = "最低"
    validate_path = "  {label} {total} 点の道筋: 返答 {path}({nodes})"
    validate_no_reply = "(返答なし)"
    validate_node_sep = " → "
    validate_more = ("{path}: {severity}: 同じ種類の指摘がほか {more} 件あります(各種類 最初の {shown} 件だけ表示。"
                     "すべては --json で) [{code}]")
    unplayable = "このシナリオは演習できません: {message}(kasuhara-sim validate {path} で確かめてください)"
    validate_not_found = "ファイルもシナリオ ID「{name}」も見つかりません(kasuhara-sim list で ID の一覧を表示します)"
    no_files = "検査する YAML ファイルがありません: {path}"
    understand_nothing = "(手順も NG も読み取れませんでした)"


class Report:
    title = "結果"
    unfinished = "中断"
    total = "総合 {total} 点"
    dimensions = "観点"
    order = "手順の順番"
    order_none = "(なし)"
    losses = "減点の理由"
    review = "ふりかえり"
    turn = "ターン{n}"
    better = "より良い返答: {text}"
    debrief = "講評: {text}"
    anger = "怒りの推移"
    good = "✓"
    bad = "✗"
    neutral = "・"
    start = "Enter で開始します(q で終了)"
    prompt = "番号を入力してください(q で中断)> "
    invalid_number = "1〜{n} の番号を入力してください"
    role = "あなたの役割"
    customer = "お客様"
    objectives = "学習目標"
    anger_now = "怒り {anger}/100"
    feedback_label = "講評"
    seed = "シード {seed}(同じせりふと返答の並びで練習し直すには --seed {seed})"
    breakdown = "総合点の計算"
    ending = "結末"


class Free:
    """自由回答: the trainee types the reply."""

    mode = "自由回答"
    prompt = "返答を入力してください(番号で選択肢から選べます。q で中断)> "
    menu_hint = "ご自分の言葉で返答を入力してください(選択肢から選ぶときは番号を入力します)"
    nothing = ("この言い方からは、手順を読み取ることができませんでした。"
               "言い方を変えてもう一度入力していただくか、次の選択肢から番号で選んでください。")
    recognised = "読み取った内容"
    words = "読み取った言葉"
    taken_as = "{text} として会話が進みます"
    taken_as_label = "進んだ返答"
    feedback = "この返答への講評: {text}"
    typed = "入力"
    loading = "入力を読み取る準備をしています…"
    advice = "言葉づかい"
    advice_line = "「{words}」→ {fix}({why})"


class Timed:
    """Timed mode: the customer does not wait for a reply."""

    mode = "時間制限あり"
    setting = "時間制限あり: 返答まで {seconds} 秒。過ぎるたびにお客様の怒りが {anger} 上がります"
    pressed = "(返答を待たされて)"
    press_line = "待たされたお客様: {line}(怒り {before} → {after})"
    press_short = "催促 {count} 回"
    countdown = "返答まで {seconds} 秒"
    meta = "時間制限"
    meta_value = "あり(返答まで {seconds} 秒)"
    brief = " 時間制限あり: お客様は返答を待ってくれません。"


class Quiz:
    title = "○×クイズ"
    prompt = "○ なら o、× なら x を入力してください(q で中断)> "
    invalid = "o(○)か x(×)で答えてください"
    correct = "正解"
    wrong = "不正解"
    answer_is = "答えは {mark}"
    score = "{total} 問中 {right} 問正解({percent}%)"
    no_questions = "クイズの問題が見つかりません"
    true_mark = "○"
    false_mark = "×"

    @staticmethod
    def mark(answer: bool) -> str:
        return Quiz.true_mark if answer else Quiz.false_mark

    @staticmethod
    def parse(text: str) -> bool | None:
        t = text.strip().lower()
        if t in ("o", "○", "〇", "maru", "y", "yes", "t", "true", "1", "ｏ"):
            return True
        if t in ("x", "×", "batsu", "n", "no", "f", "false", "0", "ｘ"):
            return False
        return None


# --- Markdown transcripts (kasuhara_sim/reports/transcript.py) -------------------------------------------
class Export:
    scenario = "シナリオ"
    trainee = "受講者"
    played_at = "実施日時"
    date_format = "%Y-%m-%d %H:%M"
    mode = "モード"
    elapsed = "所要時間"
    turns = "ターン数"
    outcome = "結末"
    total = "総合"
    total_value = "{total} 点({grade})"
    total_short = "総合"
    dimension = "観点"
    score = "点数"
    conversation = "会話"
    ending = "結末"
    abandoned = "(結末の前に中断しました)"
    anger = "怒り"
    no_tags = "手順・誤りなし"
    debrief = "講評"
    seed = "シード"
    seed_value = "{seed}(--seed {seed} で同じ並びを再現できます)"


# --- the trainee-facing TUI (kasuhara_sim/tui/) ------------------------------------------------------
class Tui:
    # shared
    trainee = "受講者: {name}"
    quit_hint = "終了するには Ctrl+Q を押してください"
    no_terminal = "画面版は端末の中で起動してください(文字だけで進めるには play ID --plain、quiz --plain を使います)"
    dumb_terminal = ("この端末(TERM={term})では画面版を表示できません。文字だけで進めるには play ID --plain、"
                     "quiz --plain を使ってください")
    crashed = "画面版が予期しないエラーで終了しました。"
    # A background task (reading the library, scoring, reading a typed reply…) failed; the app goes on.
    worker_failed = "処理の途中で予期しないエラーが起きました。"
    crash_log = "詳しい記録: {path}"
    crash_no_log = "詳しい記録は上に表示しました"
    loading = "読み込み中…"
    quit_run_title = "終了しますか？"
    quit_run_body = "演習の途中です。ここで終了すると、この演習は中断として記録されます。"
    quit_run_yes = "終了する (y)"

    # keys (footer and help)
    key_quit = "終了"
    key_help = "ヘルプ"
    key_open = "開始"
    key_search = "検索"
    key_quiz = "クイズ"
    key_mode = "モード切替"
    key_free = "自由回答"
    key_back = "戻る"
    key_start = "開始"
    key_answer = "返答"
    key_hint = "手順ヒント"
    key_abandon = "中断"
    key_retry = "もう一度"
    key_library = "ライブラリへ"
    key_save = "記録を保存"
    key_close = "閉じる"
    key_true = "○"
    key_false = "×"
    key_next = "次へ"

    # home
    home_filter_category = "分類"
    home_filter_level = "レベル"
    home_all_categories = "すべての分類"
    home_all_levels = "すべてのレベル"
    home_search_placeholder = "検索(/)"
    home_columns = ("タイトル", "分類", "レベル", "窓口", "分", "最高")
    home_best = "{total} {grade}"
    home_no_best = "—"
    home_no_minutes = "—"
    home_progress = "進捗 {done} / {total} ({percent}%)"
    home_count = "{shown} / {total} 本"
    home_none_match = "条件に合うシナリオがありません(Esc で検索を消します)"
    home_empty = "シナリオが見つかりません(--scenarios でフォルダを指定できます)"
    home_problems = "読み込めなかったファイルが {count} 件あります: {names}(kasuhara-sim validate {folder} で確認できます)"
    home_problems_more = "ほか {more} 件"
    home_mode_hint = "{mode}(m で切替)"

    # briefing
    brief_meta = "{category} · {level} · {channel}{industry}{minutes}"
    brief_minutes = " · 約{minutes}分"
    brief_industry = " · {industry}"
    brief_role = "あなたの役割"
    brief_customer = "お客様"
    brief_objectives = "学習目標"
    brief_dimensions = "採点の観点"
    brief_mode = "モード"
    brief_mode_practice = "返答のたびに講評が表示されます。h で残りの手順を確認できます。"
    brief_free = " 自由回答: 返答を自分の言葉で入力します(f で切替)。"
    free_placeholder = "返答を入力して Enter(番号で選択肢から選べます)"
    free_title = "あなたの返答(自由回答)"
    free_menu_title = "選択肢(番号を入力して Enter)"
    brief_mode_test = ("講評・ヒント・怒りの目盛りは表示されません。学習目標と分類も結果画面まで伏せます。"
                       "お客様の言葉から読み取ってください。")
    brief_meta_test = "{level} · {channel}{industry}{minutes}"
    brief_start = "Enter で開始 · m でモード切替 · Esc でライブラリへ"

    # play
    play_turn = "ターン {n}"
    play_log_title = "会話"
    play_customer_title = "お客様"
    play_replies_title = "あなたの返答(1〜{n} / ↑↓ Enter)"
    play_anger = "怒り"
    play_anger_short = "怒り {anger}"
    play_hint_title = "手順 (h)"
    play_hint_done = "✓"
    play_hint_missing = "・"
    play_hint_next = "次: {label}"
    play_hint_all = "すべて済んでいます"
    play_no_tags = "手順なし"
    play_scoring = "採点しています…"
    play_abandon_title = "中断しますか？"
    play_abandon_body = "この演習をここでやめて、ブリーフィングに戻ります。採点と講評はありません。"
    play_abandon_yes = "中断する (y)"
    play_abandon_no = "続ける (n)"
    play_ending = "― 結末 ―"

    # result
    result_total = "総合 {total} 点"
    result_meta = "{title} · {mode} · {turns} ターン · {elapsed}"
    result_dimensions = "観点"
    result_curve = "怒りの推移"
    result_curve_summary = "開始 {start} → 終了 {end}(最高 {peak})"
    result_order = "手順の順番"
    result_losses = "減点の理由"
    result_review = "ふりかえり"
    result_debrief = "講評"
    result_ending = "結末"
    result_breakdown = "総合点の計算"
    result_category = "分類: {category}"
    result_seed = "シード {seed}"
    result_better = "より良い返答"
    result_saved_line = "記録の保存先: {path}"
    result_success = "成功"
    result_failure = "失敗"
    result_verdict = "({verdict})"

    # save dialog
    save_title = "記録を Markdown で保存"
    save_label = "ファイル名またはパス(フォルダを指定するとその中に保存します)"
    save_folder = "現在のフォルダ: {path}"
    save_hint = "Enter 保存 · Esc やめる"
    save_exists = "同じ名前のファイルがあります。もう一度 Enter で上書きします"
    save_no_folder = "フォルダがありません: {path}"
    save_failed = "保存できませんでした: {reason}"

    # quiz
    quiz_progress = "問 {n} / {total}"
    quiz_right_so_far = "正解 {right}"
    quiz_answer_true = "○ 正しい (o)"
    quiz_answer_false = "× 誤り (x)"
    quiz_keys = "o または 1 で ○、x または 2 で ×"
    quiz_next = "Enter で次へ"
    quiz_finish = "Enter で結果を見る"
    quiz_result_title = "クイズの結果"
    quiz_missed = "間違えた問題"
    quiz_all_right = "全問正解です。お見事です!"
    quiz_end_keys = "r もう一度 · Enter ライブラリへ"
    quiz_abandon_title = "クイズをやめますか？"
    quiz_abandon_body = "ここでやめて、ライブラリに戻ります。採点はありません。"
    quiz_abandon_yes = "やめる (y)"
    quiz_abandon_no = "続ける (n)"

    # help
    help_title = "キー操作"
    help_close = "Esc・? で閉じる"
    help_common = (("Ctrl+Q", "終了"), ("?・F1", "このヘルプ"))
    help_home = (
        ("↑ ↓", "シナリオを選ぶ"),
        ("Enter", "ブリーフィングを開く"),
        ("/", "検索(入力すると絞り込み、Enter で一覧へ)"),
        ("Tab", "分類・レベル・検索・一覧を移動"),
        ("Esc", "検索と絞り込みを消す"),
        ("m", "練習モード/本番モードを切り替える"),
        ("q", "○×クイズ"),
    )
    help_briefing = (
        ("Enter", "演習を始める"),
        ("m", "練習モード/本番モードを切り替える"),
        ("f", "自由回答(返答を自分の言葉で入力する)のオン/オフ"),
        ("Esc", "ライブラリに戻る"),
    )
    help_play = (
        ("1〜6", "その番号の返答を選ぶ"),
        ("↑ ↓ Enter", "返答を選ぶ"),
        ("h", "まだ済んでいない手順を表示(練習モード)"),
        ("PgUp PgDn", "会話をスクロール"),
        ("Esc", "中断する(確認があります)"),
    )
    help_play_free = (
        ("文字を入力して Enter", "自分の言葉で返答する(日本語入力できます)"),
        ("番号を入力して Enter", "選択肢から選ぶ"),
        ("PgUp PgDn", "会話をスクロール"),
        ("Esc", "中断する(確認があります)"),
    )
    help_result = (
        ("r", "同じシナリオをもう一度"),
        ("Enter・Esc", "ライブラリに戻る"),
        ("s", "記録を Markdown で保存"),
        ("↑ ↓ PgUp PgDn", "スクロール"),
    )
    help_quiz = (
        ("o・1", "○(正しい)と答える"),
        ("x・2", "×(誤り)と答える"),
        ("Enter", "次の問題へ"),
        ("r", "終了後、もう一度"),
        ("Esc", "ライブラリに戻る"),
    )


# --- results: database, history, exports, workshop report, progress (store/, reports/, cli/results.py) ------
class Results:
    # errors: one line each; every one says that nothing stored was changed, and what to do
    err_corrupt = ("成績データベース {path} が壊れているか、SQLite のファイルではありません。ファイルには手を加えていません。"
                   "環境変数 KASUHARA_SIM_HOME に新しいフォルダを指定すれば続けられます。記録を取り出すには"
                   " sqlite3 {path} .recover | sqlite3 新しいファイル を試してください")
    err_foreign = ("{path} は kasuhara-sim の成績データベースではありません。ファイルには手を加えていません"
                   "(別の場所を使うには環境変数 KASUHARA_SIM_HOME にフォルダを指定してください)")
    err_newer = ("成績データベース {path} は新しい版の kasuhara-sim で作られています(形式 {found}。この版が扱えるのは {known} まで)。"
                 "ファイルには手を加えていません。kasuhara-sim を更新してください")
    err_old_readonly = ("成績データベース {path} は古い形式({found})で、書き込めない場所にあるため更新できません"
                        "(この版の形式は {known})。一度、書き込める状態で kasuhara-sim を起動してください")
    err_readonly = ("データフォルダ {path} に書き込めないため、成績を保存できません"
                    "(環境変数 KASUHARA_SIM_HOME に書き込めるフォルダを指定してください)")
    err_not_dir = "データフォルダ {path} はフォルダではありません(環境変数 KASUHARA_SIM_HOME を確かめてください)"
    err_full = "ディスクの空きがないため成績を保存できませんでした({path})。保存済みの記録はそのままです。空きを作ってからやり直してください"
    err_busy = "成績データベース {path} が他の処理で使用中のため保存できませんでした。しばらくしてからやり直してください"
    err_io = "成績データベース {path} を読み書きできませんでした({reason})。保存済みの記録はそのままです"
    warn_damaged_run = "警告: 成績データベースの記録 {id}(uuid {uuid})は壊れているため読み飛ばしました({where})"
    store_waiting = "成績データベースが他の処理で使用中です。書き込めるまで待っています…"
    kept_pending = ("成績データベースが使用中のままのため、結果を {path} に保存しました。"
                    "次に kasuhara-sim を使うときに成績データベースへ加えます")
    err_migration = "成績データベース {path} の形式を更新できませんでした({reason})。ファイルは更新前のままです"
    err_trainee = "受講者の名前「{name}」は使えません(1〜64文字で、改行などの制御文字を含めないでください)"
    err_unknown_run = "記録 {run_id} が成績データベースにありません"
    err_write_file = "{path} に書き込めませんでした({reason})"
    err_since = "--since は 2025-01-31 や 2025-01-31T13:00 のように日付(と時刻)で書いてください(いま「{value}」)"
    err_iri = "{option} は https:// などで始まる IRI で書いてください(いま「{value}」)"
    err_html_stdout = "HTML の報告書は -o ファイル名 で保存してください"
    # -o FILE of export, report, graph and schema
    err_output_exists = "{path} はすでにあります。置き換えてよければ --force を付けてください(別のファイル名でもかまいません)"
    err_output_database = ("{path} は成績データベースです。書き出し先にはできません(--force でも置き換えません)。"
                           "別のファイル名を指定してください")
    err_output_scenario = ("{path} はシナリオのファイルです。書き出し先にはできません(--force でも置き換えません)。"
                           "別のファイル名を指定してください")
    err_output_empty = "-o のファイル名が空です。ファイル名を指定してください(画面に表示するときは -o を省きます)"
    err_output_control = "-o のファイル名「{path}」に改行などの制御文字が含まれています。ファイル名を確かめてください"
    err_output_folder = "{path} はフォルダです。ファイル名まで指定してください"
    reason_too_long = "ファイル名かフォルダ名が長すぎます"
    reason_no_folder = "フォルダがありません"
    reason_denied = "書き込む権限がありません"
    reason_full = "ディスクの空きがありません"

    # statuses and labels
    status = {"finished": "完了", "abandoned": "中断", "in_progress": "未完了"}
    mode_short = {"practice": "練習", "test": "本番"}
    passed = {True: "合格", False: "不合格"}
    none = "—"
    date_format = "%Y-%m-%d %H:%M"
    date_format_short = "%m-%d %H:%M"

    # history
    history_title = "成績の記録"
    history_title_trainee = "{name} さんの記録"
    history_header = ("日時", "受講者", "シナリオ", "モード", "結果", "総合", "評価", "ターン")
    history_count = "{count} 件(完了 {finished} / 中断 {abandoned} / 未完了 {in_progress})"
    history_empty = "記録はまだありません(--trainee 名前 を付けて演習すると記録されます)"
    history_empty_trainee = "{name} さんの記録はまだありません"
    history_where = "成績データベース: {path}"
    history_weakest = "いちばん伸ばしたい観点: {label}(最近の平均 {mean} 点)"
    history_next = "次のおすすめ: {title}({id})"

    # export
    export_written = "{count} 件を {path} に書き出しました"

    # progress and suggestions (TUI progress screen and history)
    suggest_start = "まずは新人向けのこのシナリオから始めましょう"
    suggest_untried = "{label}を練習できる、まだ挑戦していないシナリオです"
    suggest_retry = "{label}を練習できるシナリオで、最高点がまだ {best} 点です"
    suggest_lowest = "{label}を練習できるシナリオのうち、最高点がいちばん低いものです"
    suggest_any_untried = "まだ挑戦していないシナリオです"
    suggest_retry_any = "最高点がまだ {best} 点のシナリオです。もう一度挑戦しましょう"
    suggest_all_done = "すべて {mastery} 点以上です。本番モードで腕試しをしましょう"

    # workshop report
    report_title = "研修結果レポート"
    report_generated = "作成 {at}"
    report_period = "対象期間: {start} 〜 {end}"
    report_since = "({since} 以降)"
    report_basis = {"best": "各受講者の最高点の回", "first": "各受講者の初回", "latest": "各受講者の最新の回"}
    report_basis_line = "平均とばらつきの基準: {basis}"
    report_summary = "受講者 {trainees} 名 / 演習 {runs} 回(完了 {finished}・中断 {abandoned}・未完了 {in_progress})"
    report_empty = "対象の記録がありません"
    report_weakest_title = "グループのいちばん弱い手順"
    report_weakest = "{label}: 平均 {mean} 点(ばらつき ±{sd})"
    report_weakest_detail = "未実施 {missed}% ・ 順番違い {order}% ・ NG による減点 {penalised}%(対象 {n} 回)"
    report_weakest_none = "完了した演習がないため判定できません"
    report_scenarios = "シナリオ別"
    report_scenario_header = ("シナリオ", "受講者", "回数", "平均", "ばらつき", "最低〜最高", "成功率")
    report_dimensions = "観点別(受講者ごとの平均)"
    report_dimension_header = ("観点", "受講者", "平均", "ばらつき", "最低〜最高", "未実施", "順番違い", "NG減点")
    report_matrix = "シナリオ × 観点(平均点)"
    report_ng = "よくある誤り(NG)と、その原因になった返答"
    report_ng_header = ("誤り", "回数", "受講者")
    report_ng_reply = "{count} 回: {text}({scenario})"
    report_ng_none = "NG にあたる返答はありませんでした"
    report_outcomes = "結末"
    report_trainees = "受講者別"
    report_trainee_header = ("受講者", "演習", "完了", "平均", "いちばん弱い観点")
    report_sd = "±{sd}"
    report_range = "{low}〜{high}"
    report_percent = "{value}%"
    report_chart_totals = "シナリオ別の総合点(点 = 受講者、線 = 平均、帯 = 平均 ± ばらつき)"
    report_chart_dimensions = "観点別の平均点(ひげ = ± ばらつき)"
    report_chart_ng = "NG の回数"
    report_footer = "kasuhara-sim {version} が成績データベースから作成しました。"
    report_axis = "点"
    report_quiz = "○×クイズ(正答率の低い問題から)"
    report_quiz_summary = "{rounds} 回 ・ {trainees} 名 ・ 平均正答率 {mean}%"
    report_quiz_line = "{rate}%({correct}/{answered}) [{topic}] {statement}"
    report_quiz_header = ("正答率", "正答/回答", "問題")
    # the report a trainer hands in: filters, pass list, trainee × scenario, the replies chosen, certificates
    err_until = "--until は 2025-01-31 や 2025-01-31T17:00 のように日付(と時刻)で書いてください(いま「{value}」)"
    report_filters = "対象: {filters}"
    report_filter = {"session": "研修回 {value}", "trainee": "受講者 {value}", "scenario": "シナリオ {value}",
                     "mode": "{value}", "until": "{value} より前"}
    report_pass = "合格者一覧(本番モード。合格 = 結末が成功で、総合点が合格点以上)"
    report_pass_header = ("受講者", "シナリオ", "本番の回数", "最高点", "評価", "合格点", "判定", "合格日")
    report_pass_none = "本番モードの記録がありません"
    report_pass_count = "本番モードで合格した受講者 {passed} 名 / 本番に挑戦した受講者 {tried} 名"
    report_grid = "受講者 × シナリオ(初回 / 最高点 / 回数)"
    report_grid_cell = "{first} / {best} / {attempts}回"
    report_choices = "ターンごとの返答の選ばれ方(すべての演習)"
    report_choices_turn = "ターン {turn}: {prompt}"
    report_choices_line = "{count} 回 {share}: {text}"
    report_choices_header = ("ターン", "返答", "回数", "割合")
    report_choices_note = "数字は選ばれた回数(練習・本番・中断を含むすべての演習)です。"
    cert_title = "修了証"
    cert_lead = "{name} 様"
    cert_body = "あなたはカスタマーハラスメント対応ロールプレイ研修において、次のシナリオの本番演習に合格されたことを証します。"
    cert_header = ("シナリオ", "総合点", "評価", "実施日")
    cert_date_format = "%Y年%m月%d日"
    cert_instructor = "講師 {name}"
    cert_instructor_blank = "講師"
    cert_session = "研修回: {session}"

    # progress screen
    progress_title = "成績"
    progress_trainee = "{name} さんの成績"
    progress_summary = "挑戦 {tried} / {total} 本 ・ 完了 {finished} 回 ・ {mastery} 点以上 {mastered} 本"
    progress_trend = "観点ごとの推移(棒 1 本が完了した 1 回、高さが 0〜100 点。古い → 新しい)"
    progress_trend_none = "まだ完了した演習がありません"
    progress_trend_line = "{label}  {chart}  最新 {last}  平均 {mean}"
    progress_weakest = "いちばん伸ばしたい観点: {label}(最近の平均 {mean} 点)"
    progress_weakest_none = "演習を完了すると、伸ばしたい観点がわかります"
    progress_weakest_clear = "いま伸ばしたい観点はありません(最近の点数はすべて 100 点です)"
    progress_lagging = "いちばん伸ばしたい観点: {label}(通算の平均 {mean} 点。最近はすべて 100 点です)"
    progress_next = "次のおすすめ: {title}"
    progress_next_reason = "{reason}"
    progress_history = "これまでの演習"
    progress_history_header = ("日時", "シナリオ", "モード", "結果", "総合", "評価")
    progress_empty = "記録はまだありません"
    key_progress = "成績"
    key_open_suggested = "おすすめを開く"
    key_rename = "名前を変更"
    progress_trend_stats = "最新 {last} ・ 平均 {mean}({n} 回)"
    progress_next_key = "(Enter で開きます)"
    help_progress = (
        ("Enter", "おすすめのシナリオを開く"),
        ("n", "受講者の名前を変更する"),
        ("↑ ↓", "スクロール"),
        ("Esc", "ライブラリに戻る"),
    )
    home_attempts = "回数"
    help_home_progress = ("p", "成績(これまでの記録・観点ごとの推移・おすすめ)")

    # asking the trainee's name (TUI)
    ask_name_title = "受講者の名前"
    ask_name_prompt = "成績を記録するため、お名前を入力してください(次回からは入力不要です)"
    ask_name_placeholder = "例: 山田 花子"
    ask_name_ok = "決定"
    ask_name_skip = "記録しない"
    store_unavailable = "成績を保存できません: {reason}"
    no_trainee = "受講者名がないため、成績は記録されません"


# --- the workshop room: serve, the instructor's live view, watch (web/, reports/live.py, cli/serve.py) ---------
class Live:
    title = "研修のようす"
    session = "(研修回 {session})"
    summary = "受講者 {trainees} 名 ・ 演習 {runs} 回(完了 {finished})・ いま演習中 {playing} 名"
    weakest = "グループのいちばん弱い手順(ここまで): {label} 平均 {mean} 点"
    weakest_none = "グループのいちばん弱い手順: まだ完了した演習がありません"
    playing = "いま演習中"
    playing_header = ("受講者", "シナリオ", "モード", "ターン", "怒り", "最後の操作")
    playing_line = "{trainee}  {title}({mode})  ターン {turn}  怒り {anger}  {idle}"
    anger_none = "—"
    idle_seconds = "{n} 秒前"
    idle_minutes = "{n} 分前"
    finished = "終わった演習(新しい順)"
    finished_header = ("時刻", "受講者", "シナリオ", "モード", "結果", "総合", "判定")
    finished_line = "{time}  {trainee}  {title}({mode})  {result}  {total}{mark}"
    no_total = "—"
    nobody = "まだありません"
    passed_title = "本番で合格した受講者"
    updated = "更新 {at}"
    disconnected = "サーバーにつながりません。再接続を待っています…"
    watch_hint = "Ctrl+C で終了します。{seconds} 秒ごとに更新します。"
    # access codes
    code_title = "アクセスコード"
    code_prompt = "講師から伝えられたアクセスコードを入力してください。"
    code_prompt_instructor = "講師用のアクセスコードを入力してください。"
    code_button = "入る"
    code_wrong = "アクセスコードが違います。"
    serve_started = "研修用サーバーを開始しました: {url}"
    serve_session = "研修回: {session}"
    serve_code = "受講者用アクセスコード: {code}"
    serve_instructor = "講師用ライブビュー: {url}instructor"
    serve_instructor_code = "講師用アクセスコード: {code}"
    serve_loopback = "このパソコンからだけ開けます(アクセスコードは不要です)。会場の他のパソコンから開くには --host 0.0.0.0 を付けてください。"
    serve_stop = "Ctrl+C で停止します。"
    err_serve_missing = ("serve には textual-serve が必要です。pip install 'kasuhara-sim[serve]' で入れてください")
    err_code = "--code は 4〜64 文字の英数字で指定してください(いま「{value}」)"
    err_port = "ポート {port} で待ち受けできませんでした({reason})"


# --- instructor tooling: deep lint, graph, schema, scaffold (analysis/, format/, cli/authoring.py) ---------------
class Lint:
    guessable = ("{strategy}返答を選び続けるだけで {total} 点({grade})になります(返答 {path})。"
                 "内容を読まずに合格できないよう、誤った返答にも長いもの・短いものを用意してください")
    strategies = {"longest": "いつも一番長い", "shortest": "いつも一番短い"}
    same_variants = "{number}番目の言い換えと、句読点や空白しか違いません(実行ごとに違う文を見せる言い換えになっていません)"
    # errors
    trap = "ここから先、どの返答を選んでも結末に届きません: {nodes}を回り続けます(例: 返答 {path})"
    trap_one = "ここから先、どの返答を選んでも結末に届きません: 「{node}」から抜け出せません(例: 返答 {path})"
    no_reply = "「{node}」で表示される返答がなくなる場面があります({when})。if の条件を見直すか、条件のない返答を加えてください"
    never_holds_choice = "この if が成り立つ場面がないため、この返答は一度も表示されません{seen}"
    never_holds_route = "この if が成り立つ場面がないため、このルートは一度も使われません{seen}"
    contradiction_anger = "怒りが {low} 以上かつ {high} 未満になることはないため、この条件は成り立ちません"
    contradiction_below_zero = "怒りは 0 未満にならないため、anger_below: 0 は成り立ちません"
    contradiction_flag = "フラグ「{flag}」が立っていて、かつ立っていないことはないため、この条件は成り立ちません"
    flag_never_set_holds = "フラグ「{flag}」を立てる返答(set)がないため、この条件は成り立ちません{suggest}"
    route_shadowed = "if のないルートは最後に置きます: ここで必ず「{to}」に進むため、後ろのルートは使われません"
    # warnings
    one_reply = "「{node}」で表示される返答が 1 つだけになる場面があります({when})。選ぶ余地がありません"
    route_never_taken = "前のルートの条件が先に成り立つため、このルートは一度も使われません"
    unreachable_node = "ノード「{node}」にはどの返答からも進めません"
    unreachable_node_conditions = "ノード「{node}」に進む返答やルートはありますが、その条件を満たす道筋がないため到達しません"
    unreachable_ending = "結末「{node}」にはどの道筋でも届きません"
    flag_unused = "フラグ「{flag}」はどの条件(if)でも使われていません{suggest}"
    flag_never_set_always = "フラグ「{flag}」を立てる返答(set)がないため、not_flags のこの条件はいつも成り立ちます{suggest}"
    untagged = "この返答には steps も ng もないため、採点に影響しません。良い対応なら steps、誤りなら ng を付けてください"
    duplicate_reply = "同じ文の返答がこのターンの {number} 番目にもあります"
    expects_unperformed = "採点する観点「{label}」を行う返答がありません(steps に {steps} のどれかを付けます)"
    expects_default = "(expects を省略したため、{dims} を採点します)"
    step_not_scored = "手順「{step}」は採点されません: 観点「{label}」が expects にありません"
    step_no_dimension = "手順「{step}」は採点されません: 採点基準のどの観点にも含まれていません"
    also_at = "(この手順は {lines} 行目の返答にもあります)"
    line_sep = "・"
    best_low = "到達できる最高点は {best} 点です({top} 点未満なので、誰も {grade} 評価に届きません。最高点の道筋: 返答 {path})"
    worst_high = ("最低点でも {worst} 点です(失敗の上限 {cap} 点より高く、誤った対応を選び続けても合格点になります。"
                  "最低点の道筋: 返答 {path})")
    bound = ("探索を途中で打ち切りました(上限 {budget} 状態)。最高点・最低点と、到達しないノード・成り立たない条件の検査は"
             "途中までの結果です")
    bound_time = ("探索を途中で打ち切りました(時間の上限 {seconds} 秒)。最高点・最低点と、到達しないノード・成り立たない条件の検査は"
                  "途中までの結果です。ノードやフラグを減らすか、シナリオを分けてください")
    # pieces
    when_start = "最初のターン"
    when_path = "返答 {path} と選んだとき"
    when_anger = "怒り {anger}"
    when_flags = "フラグ {flags}"
    seen_anger = "(このターンでの怒りは {low}〜{high})"
    seen_anger_after = "(返答の後の怒りは {low}〜{high})"
    seen_anger_fixed = "(このターンでの怒りはいつも {anger})"
    seen_anger_after_fixed = "(返答の後の怒りはいつも {anger})"
    node_list_sep = "・"
    node_quote = "「{node}」"
    nodes_between = "{nodes}の間"
    path_none = "(なし)"


class Authoring:
    # graph
    graph_title = "{title}({id})"
    graph_ending = "〔結末・{outcome}〕"
    graph_else = "それ以外"
    cond_anger_at_least = "怒り≥{n}"
    cond_anger_below = "怒り<{n}"
    cond_flags = "{flag}あり"
    cond_not_flags = "{flag}なし"
    cond_sep = "・"
    graph_written = "{path} に書き出しました"
    # schema
    schema_title = "kasuhara-sim シナリオ(形式 1)"
    schema_description = ("カスハラ対応ロールプレイのシナリオ。docs/authoring.md と docs/format.md を参照。"
                          "このスキーマは kasuhara-sim schema がモデルから生成します。")
    schema_written = "{path} に書き出しました"
    # scaffold
    new_bad_id = "「{value}」は id に使えません。半角小文字・数字をハイフンでつないでください(例: kettle-initial-defect)"
    new_exists = "{path} はすでにあります(上書きはしません。別の ID か --output を指定してください)"
    new_id_taken = "シナリオ ID「{id}」はすでに使われています({path})"
    new_no_dir = "出力先はフォルダではありません: {path}"
    new_dir_made = "フォルダ {path} を作りました"
    new_written = "{path} を作りました。"
    new_schema_written = "エディタの補完用に {path} も作りました。"
    new_next = "次に: 内容を実際の事例に書き換え、kasuhara-sim validate {path} で検査し、kasuhara-sim graph {path} で流れを確かめます。"
    write_failed = "{path} に書き込めません: {reason}"
