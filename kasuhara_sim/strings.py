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


# --- scoring explanations (core) -------------------------------------------------------------------
class Score:
    not_performed = "{label}を示す返答が一度もありませんでした"
    out_of_order = "{label}の順番が基本と違いました(ターン{turn}。{before}より先)"
    ng_penalty = "ターン{turn}「{text}」: {ng}"
    ng_no_effect = "(すでに0点のため追加の減点なし)"
    total_penalty = "ターン{turn}「{text}」: {ng}(採点対象外の観点のため総合点から減点)"
    failure_cap = "結末が失敗({outcome})のため、総合点は{cap}点までに制限されます"
    better_reply = "より良い返答"
    none_lost = "減点はありません。"
    order_basic = "基本"
    order_yours = "あなた"
    order_arrow = " → "
    order_sep = "・"


# --- loader messages (instructors read these) ----------------------------------------------------
class Load:
    not_found = "ファイルが見つかりません"
    not_a_file = "ファイルではありません(フォルダは validate に渡してください)"
    unreadable = "ファイルを読み込めません({reason})"
    too_large = "ファイルが大きすぎます({size} バイト。上限は {limit} バイト)"
    not_utf8 = "UTF-8 ではない文字があります{guess}。エディタで文字コードを「UTF-8」にして保存し直してください"
    not_utf8_guess = "(Shift_JIS で保存されているようです)"
    yaml_syntax = "YAML の書き方に誤りがあります: {problem}{hint}"
    multiple_documents = "1つのファイルに書けるのは1つのシナリオだけです(--- で区切られた2つ目の文書があります)"
    not_mapping = "ファイルの一番上は「キー: 値」のマッピングにしてください(format: 1 から始めます)"
    empty = "ファイルが空です(format: 1 から始めてください)"
    duplicate_key = "キー「{key}」が重複しています({first}行目にもあります。YAML では後の値で黙って上書きされてしまいます)"
    nonscalar_key = "キーには文字列を書いてください"
    alias_expansion = "アンカー(&)と参照(*)の展開が大きすぎます(上限 {limit} 要素)"
    alias_recursive = "参照(*)が自分自身を含んでいます"
    merge_key = "マージキー(<<)には対応していません。値をそのまま書いてください"
    missing_key = "必須のキー「{key}」がありません"
    unknown_key = "未知のキー「{key}」です{suggest}"
    did_you_mean = "(「{guess}」の誤りではありませんか?)"
    allowed_keys = "(使えるキー: {keys})"
    want_str = "文字列で書いてください{hint}"
    want_str_bool_hint = "(yes/no/on/off/true/false は真偽値になるため、引用符で囲んでください)"
    want_int = "整数で書いてください"
    want_bool = "true か false で書いてください"
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
    missing_node = "ノード「{node}」がありません{suggest}"
    route_last_if = "ルートの最後には if を書かないでください(どの条件にも当てはまらないときの行き先です)"
    turn_needs = "会話のノードには「{key}」が必要です(結末のノードなら ending を書きます)"
    ending_no_choices = "結末のノード(ending)に choices は書けません"
    turn_no_debrief = "debrief は結末のノード(ending)にだけ書けます"
    duplicate_value = "「{value}」が重複しています"
    duplicate_id = "シナリオ ID「{id}」が重複しています({other} と同じ)"
    generic = "値が正しくありません: {detail}"


YAML_HINTS: dict[str, str] = {
    "mapping values are not allowed": "。文中に「: 」(コロンと空白)がある値は、全体を引用符で囲んでください",
    "found character '\\t' that cannot start any token": "。インデントにタブは使えません。半角スペースにしてください",
    "could not find expected ':'": "。「キー: 値」のコロンが抜けていないか、前の行の引用符が閉じているか確かめてください",
    "found undefined alias": "。参照(*)の前にアンカー(&)を定義してください",
    "did not find expected key": "。インデント(字下げ)がそろっているか確かめてください",
    "did not find expected '-' indicator": "。リストの「- 」のインデントがそろっているか確かめてください",
    "found unexpected end of stream": "。引用符やカッコが閉じているか確かめてください",
}


# --- command line and reports ------------------------------------------------------------------------
class Cli:
    error_prefix = "kasuhara-sim: error: "
    help_hint = "(kasuhara-sim {command} --help で使い方を表示します)"
    scenario_not_found = "シナリオ「{name}」が見つかりません(kasuhara-sim list で一覧を表示します)"
    bad_choices = "--choices は 1,2,1 のように番号をカンマで区切って書いてください(いま「{value}」)"
    choice_out_of_range = "ターン{turn}で返答 {number} は選べません。表示される返答は 1〜{available} です"
    too_few_choices = "返答が {count} 個では結末に届きません(ターン{turn}「{node}」で次の返答が必要です)"
    too_many_choices = "ターン{turn}で結末「{node}」に着いたため、残りの番号 {rest} は使われません"
    choices_with_plain = "--choices と --plain は同時に使えません"
    json_needs_choices = "--json は --choices と一緒に使ってください"
    no_tui = "この端末では画面版を起動できません: {reason}"
    interrupted = "中断しました"
    list_header = ("ID", "タイトル", "分類", "レベル", "窓口", "分")
    list_count = "{count} 本のシナリオ"
    validate_summary = "{files} ファイルを検査: エラー {errors} 件、警告 {warnings} 件"
    validate_ok = "問題はありません"
    validate_scenario_line = "{path}: {id} — 最高 {best} 点 / 最低 {worst} 点"
    validate_bound = "(探索の上限に達したため、ここまでで見つかった値です)"
    no_files = "検査する YAML ファイルがありません: {path}"
    rubric_bad = "採点基準ファイルに問題があります"


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
    steps_done = "行った手順"
    mistakes = "誤り"


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
