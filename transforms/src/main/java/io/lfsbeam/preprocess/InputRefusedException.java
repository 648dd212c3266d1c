package io.lfsbeam.preprocess;

import java.io.IOException;

/** An input entry that the input rules refuse, with the reason code its dead letter carries. */
public final class InputRefusedException extends IOException {
  private static final long serialVersionUID = 1L;
  private final InputRefusal refusal;

  public InputRefusedException(InputRefusal refusal, String message) {
    super(message);
    this.refusal = refusal;
  }

  public InputRefusal refusal() {
    return refusal;
  }
}
