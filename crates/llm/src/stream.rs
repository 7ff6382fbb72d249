//! [`ChatStream`]: a provider's answer as it arrives, recorded in the [`Meter`] when it ends,
//! fails or is dropped.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use futures_util::{Stream, StreamExt};

use crate::cost::{Meter, Outcome};
use crate::provider::{EventStream, ProviderConfig};
use crate::types::{ChatRequest, ChatResponse, Collector, StopReason, StreamEvent};
use crate::LlmError;

/// A streamed answer. Yields [`StreamEvent`]s; [`ChatStream::collect`] folds them into a
/// [`ChatResponse`]. Dropping it early records the call as `Cancelled`.
pub struct ChatStream {
    cfg: ProviderConfig,
    req: ChatRequest,
    inner: EventStream,
    /// Events read ahead while checking that the stream started.
    pending: std::collections::VecDeque<Result<StreamEvent, LlmError>>,
    collector: Collector,
    meter: Meter,
    started: Instant,
    first_token: Option<Duration>,
    recorded: bool,
}

impl std::fmt::Debug for ChatStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatStream")
            .field("provider", &self.cfg.name)
            .field("model", &self.cfg.model)
            .finish_non_exhaustive()
    }
}

impl ChatStream {
    pub(crate) fn new(
        cfg: ProviderConfig,
        req: ChatRequest,
        inner: EventStream,
        meter: Meter,
        started: Instant,
    ) -> Self {
        ChatStream {
            cfg,
            req,
            inner,
            pending: Default::default(),
            collector: Collector::default(),
            meter,
            started,
            first_token: None,
            recorded: false,
        }
    }

    /// Reads until the first content event (or the end), keeping what it read for the caller:
    /// a failure here means the provider never really started answering.
    pub(crate) async fn prime(&mut self) -> Result<(), LlmError> {
        loop {
            match self.inner.next().await {
                None => return Ok(()),
                Some(Err(e)) => return Err(e),
                Some(Ok(ev)) => {
                    let content = matches!(
                        ev,
                        StreamEvent::Text(_)
                            | StreamEvent::ToolCallDelta { .. }
                            | StreamEvent::Stop(_)
                    );
                    self.pending.push_back(Ok(ev));
                    if content {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// Records a failure found while priming.
    pub(crate) fn fail(&mut self, e: &LlmError) {
        while let Some(Ok(ev)) = self.pending.pop_front() {
            self.collector.push(&ev);
        }
        self.record(Outcome::Failed(e.outcome_label()));
    }

    /// The configured provider name answering.
    pub fn provider(&self) -> &str {
        &self.cfg.name
    }

    pub fn model(&self) -> &str {
        &self.cfg.model
    }

    /// Time from sending to the first text or tool-call event, once it has arrived.
    pub fn time_to_first_token(&self) -> Option<Duration> {
        self.first_token
    }

    /// Reads the whole answer, calling `on_event` for each event as it arrives.
    pub async fn collect_with(
        mut self,
        mut on_event: impl FnMut(&StreamEvent) + Send,
    ) -> Result<ChatResponse, LlmError> {
        while let Some(ev) = self.next().await {
            on_event(&ev?);
        }
        let c = std::mem::take(&mut self.collector);
        crate::provider::finish(&self.cfg, &self.req, c, self.started.elapsed())
    }

    /// Reads the whole answer.
    pub async fn collect(self) -> Result<ChatResponse, LlmError> {
        self.collect_with(|_| {}).await
    }

    fn record(&mut self, outcome: Outcome) {
        if self.recorded {
            return;
        }
        self.recorded = true;
        let mut usage = self.collector.usage;
        if !self.collector.usage_seen && outcome != Outcome::Refused {
            // Count it ourselves so an unreported call still weighs on the budget.
            usage.input_tokens = crate::tokens::count_request(&self.req) as u64;
            let calls: usize = self
                .collector
                .tool_calls()
                .iter()
                .map(|c| crate::tokens::count_tokens(&c.arguments))
                .sum();
            usage.output_tokens =
                (crate::tokens::count_tokens(&self.collector.text) + calls) as u64;
            usage.estimated = true;
        }
        self.meter.record(
            &self.cfg,
            usage,
            self.started.elapsed(),
            self.first_token,
            outcome,
        );
    }
}

impl Stream for ChatStream {
    type Item = Result<StreamEvent, LlmError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.recorded {
            return Poll::Ready(None);
        }
        let item = match this.pending.pop_front() {
            Some(i) => Some(i),
            None => match this.inner.poll_next_unpin(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(i) => i,
            },
        };
        match &item {
            Some(Ok(ev)) => {
                if this.first_token.is_none()
                    && matches!(ev, StreamEvent::Text(_) | StreamEvent::ToolCallDelta { .. })
                {
                    this.first_token = Some(this.started.elapsed());
                }
                this.collector.push(ev);
            }
            Some(Err(e)) => {
                let label = e.outcome_label();
                this.record(Outcome::Failed(label));
            }
            None => {
                let outcome = match this.collector.stop {
                    Some(StopReason::MaxTokens) => Outcome::Truncated,
                    Some(_) => Outcome::Ok,
                    None => Outcome::Failed("decode_error"),
                };
                this.record(outcome);
            }
        }
        Poll::Ready(item)
    }
}

impl Drop for ChatStream {
    fn drop(&mut self) {
        self.record(Outcome::Cancelled);
    }
}
